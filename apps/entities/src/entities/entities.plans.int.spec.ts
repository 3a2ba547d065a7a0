import { entities } from '@strata/contracts';
import { handleCommands, PostgresEventStore } from '@strata/eventstore';
import { entitiesService } from '../service';
import { EntitiesHarness } from '../testing/entities-harness';
import type { Seen } from './entity';
import { findVisible, type EntityRow } from './entities.queries';
import { planUpdate } from './entities.plans';

const S = entities.EntitiesSubjects;
let nextProject = 9_700_000;
/** Two environments of a fresh project. */
function project() {
  const projectId = ++nextProject;
  return { A: { projectId, environmentId: projectId * 10 + 1 }, B: { projectId, environmentId: projectId * 10 + 2 } };
}

/**
 * An edit decides on the entity's row as the handler read it, before the graph version it appends against: another
 * decision landing in between must make the edit decide again, never stand on the old row. The service runs; the
 * edit is played here, on its database, with the row read before the other decision — the interleaving a request
 * meets when the other one commits between its read and its plan.
 */
describe('an edit planned on a row another decision has changed since', () => {
  const service = EntitiesHarness.forSpecs();
  let store: PostgresEventStore;

  beforeAll(() => {
    store = new PostgresEventStore(service.db, { projections: entitiesService.projections });
  });

  /** The handler's plan, with the row it read first being `stale`, and fresh rows on every later attempt. */
  function editFrom(stale: EntityRow, from: Seen, changes: Partial<entities.KindFields>) {
    let attempts = 0;
    return handleCommands(store, async () => planUpdate(store, { from, current: attempts++ === 0 ? stale : await findVisible(store.db, from, stale.id), changes }));
  }

  it('promotes a new environment-specific reference of an entity promoted in between', async () => {
    const { A, B } = project();
    const action = await service.create(A, 'action', { name: 'Signed up' });
    const insight = await service.create(A, 'insight', { name: 'Signups' });
    const from: Seen = { ...A, kind: 'insight' };
    const stale = await findVisible(store.db, from, insight.id);
    await service.ask(S.makeProjectWide, { in: A, kind: 'insight', id: insight.id, dryRun: false });

    await editFrom(stale, from, { filters: { action_ids: [action.id] } });

    expect(await service.violations(A.projectId)).toEqual([]);
    expect((await service.ask(S.get, { in: B, kind: 'action', id: action.id })).result.is_project_wide).toBe(true);
  });

  it('does not bring back a reference another edit removed, after which its target was demoted', async () => {
    const { A, B } = project();
    const action = await service.create(A, 'action', { name: 'Paid' }, true);
    const insight = await service.create(A, 'insight', { name: 'Revenue', filters: { action_ids: [action.id] } }, true);
    const from: Seen = { ...A, kind: 'insight' };
    const stale = await findVisible(store.db, from, insight.id);
    await service.ask(S.update, { in: A, kind: 'insight', id: insight.id, changes: { filters: { action_ids: [] } } });
    await service.ask(S.makeEnvironmentSpecific, { in: B, kind: 'action', id: action.id });

    await editFrom(stale, from, { name: 'Revenue (renamed)' });

    expect(await service.violations(A.projectId)).toEqual([]);
    expect((await service.ask(S.get, { in: A, kind: 'insight', id: insight.id })).result).toMatchObject({ name: 'Revenue (renamed)', filters: { action_ids: [] } });
  });
});
