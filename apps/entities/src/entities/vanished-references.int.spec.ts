import { entities, type StrataError } from '@strata/contracts';
import type { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { graphStream } from '../common/streams';
import { entitiesService } from '../service';
import { cohortFields, EntitiesHarness, type Outcome } from '../testing/entities-harness';
import { EntitiesHandlers } from './entities.handlers';

const S = entities.EntitiesSubjects;
type Scope = entities.EnvironmentScope;
let nextProject = 9_800_000;

/** Two environments of a fresh project. */
function project(): { E0: Scope; E1: Scope } {
  const projectId = ++nextProject;
  return { E0: { projectId, environmentId: projectId * 10 }, E1: { projectId, environmentId: projectId * 10 + 1 } };
}

/**
 * A reference seen by one read of a decision and changed by another request before the decision's next read (issue
 * 23: a create that promotes what it references answered 404 "Action not found." when a concurrent demotion landed
 * between its visibility check and the loading of what it promotes). The interleaving is forced, not raced: the
 * decision runs here, through the service's own handlers, on a store whose database runs `meanwhile` — a request to
 * the running service — right after the `nth` read that returns the watched entity's row. Each test plays every such
 * point of its decision, until the decision makes no further read of it.
 */
describe('a reference that vanishes between the reads of a graph decision', () => {
  const service = EntitiesHarness.forSpecs();

  /** The decision, with `meanwhile` played after its `nth` read of `watched`; `fired` says whether it got that far. */
  async function interleaved<T>(watched: string, nth: number, meanwhile: () => Promise<unknown>, decide: (handlers: EntitiesHandlers) => Promise<T>) {
    let seen = 0;
    const db: Database = Object.assign(Object.create(service.db) as Database, {
      query: async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
        const rows = await service.db.query<Row>(sql, params);
        if (rows.some((row) => (row as { id?: unknown }).id === watched) && ++seen === nth) await meanwhile();
        return rows;
      },
    });
    const handlers = new EntitiesHandlers(new PostgresEventStore(db, { projections: entitiesService.projections }));
    const outcome: Outcome<T> = await decide(handlers).then(
      (value) => ({ ok: true, value }),
      (error: StrataError) => ({ ok: false, error }),
    );
    return { outcome, fired: seen >= nth };
  }

  /** Every event the project's entities and graph have, counted: what a refused decision must leave as it was. */
  async function eventsOf(projectId: number): Promise<number> {
    const [row] = await service.db.query<{ count: string }>(
      `SELECT count(*) FROM events WHERE stream_id = $2 OR data->>'projectId' = $1 OR data->'entity'->>'projectId' = $1`,
      [String(projectId), graphStream(projectId)],
    );
    return Number(row.count);
  }

  /**
   * Plays `race` at every point of its decision, each in a fresh project (`race` answers the project, or `undefined`
   * once the point lies past the decision's last read of the watched entity); the graph stays whole at each. How many
   * points were played.
   */
  async function everyPoint(race: (nth: number) => Promise<number | undefined>): Promise<number> {
    let nth = 1;
    for (let projectId = await race(nth); projectId !== undefined; projectId = await race(++nth)) {
      expect(await service.violations(projectId)).toEqual([]);
    }
    return nth - 1;
  }

  it('a project-wide creation whose reference is demoted to another environment: 400 naming the field, and nothing appended', async () => {
    const points = await everyPoint(async (nth) => {
      const { E0, E1 } = project();
      const action = await service.create(E0, 'action', { name: 'Paid' }, true);
      let before = 0;
      const demote = async () => {
        await service.ask(S.makeEnvironmentSpecific, { in: E0, kind: 'action', id: action.id });
        before = await eventsOf(E0.projectId);
      };
      const fields = { name: 'i', filters: { action_ids: [action.id], cohort_ids: [] } } as entities.KindFields;
      const { outcome, fired } = await interleaved(action.id, nth, demote, (h) => h.create({ in: E1, kind: 'insight', fields, tags: [], isProjectWide: true }));
      if (!fired) return undefined;

      const refusal = { status: 400, code: 'invalid_reference', attr: 'filters.action_ids.0', message: `No action ${action.id} is visible from this environment.` };
      expect({ nth, answer: outcome.ok ? outcome.value.result : outcome.error }).toMatchObject({ nth, answer: refusal });
      expect(await eventsOf(E0.projectId)).toBe(before);
      expect((await service.ask(S.list, { in: E1, kind: 'insight', scope: 'all', page: { limit: 10, offset: 0 } })).count).toBe(0);
      return E0.projectId;
    });
    expect(points).toBeGreaterThan(0);
  });

  it('an edit of a project-wide entity to reference one demoted meanwhile: 400 naming the field, the entity unchanged', async () => {
    const points = await everyPoint(async (nth) => {
      const { E0, E1 } = project();
      const action = await service.create(E0, 'action', { name: 'Paid' }, true);
      const insight = await service.create(E1, 'insight', { name: 'Revenue' }, true);
      let before = 0;
      const demote = async () => {
        await service.ask(S.makeEnvironmentSpecific, { in: E0, kind: 'action', id: action.id });
        before = await eventsOf(E0.projectId);
      };
      const changes = { filters: { action_ids: [action.id] } };
      const { outcome, fired } = await interleaved(action.id, nth, demote, (h) => h.update({ in: E1, kind: 'insight', id: insight.id, changes }));
      if (!fired) return undefined;

      const refusal = { status: 400, code: 'invalid_reference', attr: 'filters.action_ids.0' };
      expect({ nth, answer: outcome.ok ? outcome.value.result : outcome.error }).toMatchObject({ nth, answer: refusal });
      expect(await eventsOf(E0.projectId)).toBe(before);
      expect((await service.ask(S.get, { in: E1, kind: 'insight', id: insight.id })).version).toBe(insight.version);
      return E0.projectId;
    });
    expect(points).toBeGreaterThan(0);
  });

  it('a promotion whose reached entity is let go and deleted meanwhile: promotes what the entity reaches now', async () => {
    const points = await everyPoint(async (nth) => {
      const { E1 } = project();
      const cohort = await service.create(E1, 'cohort', cohortFields('Buyers'));
      const insight = await service.create(E1, 'insight', { name: 'Buyers', filters: { cohort_ids: [cohort.id] } });
      const letGo = async () => {
        await service.ask(S.update, { in: E1, kind: 'insight', id: insight.id, changes: { filters: { cohort_ids: [] } } });
        await service.ask(S.delete, { in: E1, kind: 'cohort', id: cohort.id });
      };
      const { outcome, fired } = await interleaved(cohort.id, nth, letGo, (h) => h.makeProjectWide({ in: E1, kind: 'insight', id: insight.id, dryRun: false }));
      if (!fired) return undefined;

      expect({ nth, answer: outcome.ok ? outcome.value.promoted : outcome.error }).toEqual({ nth, answer: [{ kind: 'insight', id: insight.id }] });
      expect((await service.ask(S.get, { in: E1, kind: 'insight', id: insight.id })).result).toMatchObject({ is_project_wide: true, filters: { cohort_ids: [] } });
      return E1.projectId;
    });
    expect(points).toBeGreaterThan(0);
  });
});
