import type { entities } from '@strata/contracts';
import { atVersion, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { graphStream } from '../common/streams';

/**
 * The graph version a decision starts from: read it **before** the read model the decision reads, and append the
 * mark with it — any other change of references or scopes in the project meanwhile makes the append conflict, and
 * the command handler decides again on fresh rows. The project's graph stream holds no state: its version is what
 * references and scopes are decided against.
 */
export async function graphGuard(store: PostgresEventStore, projectId: number): Promise<(entityIds: string[]) => StreamCommand<null, entities.EntityGraphChanged>> {
  const version = await store.streamVersion(graphStream(projectId));
  return (entityIds) => atVersion(graphStream(projectId), version, [{ type: 'EntityGraphChanged', data: { projectId, entityIds } }]);
}
