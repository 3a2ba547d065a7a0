import type { entities } from '@strata/contracts';
import { onStream, type Decider, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { graphStream } from '../common/streams';

type MarkGraph = { type: 'MarkGraph'; data: { projectId: number; entityIds: string[] } };

/** The project's graph stream holds no state: its version is what references and scopes are decided against. */
const graphDecider: Decider<null, MarkGraph, entities.EntityGraphChanged> = {
  initialState: () => null,
  evolve: () => null,
  decide: (command) => [{ type: 'EntityGraphChanged', data: command.data }],
};

/**
 * The graph version a decision starts from: read it **before** the read model the decision reads, and append the
 * mark with it — any other change of references or scopes in the project meanwhile makes the append conflict, and
 * the command handler decides again on fresh rows.
 */
export async function graphGuard(store: PostgresEventStore, projectId: number): Promise<(entityIds: string[]) => StreamCommand<null, entities.EntityGraphChanged>> {
  const version = await store.streamVersion(graphStream(projectId));
  return (entityIds) => onStream(graphDecider, graphStream(projectId), { type: 'MarkGraph', data: { projectId, entityIds } }, { from: { state: null, version } });
}
