import { entities } from '@strata/contracts';
import fc from 'fast-check';
import { cohortFields, EntitiesHarness, type Outcome } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const KINDS = ['action', 'cohort', 'insight', 'dashboard', 'feature_flag', 'experiment'] as const;
type Kind = (typeof KINDS)[number];

/** What each kind may reference (SPEC §4.4's table, for the kinds this property plays with). */
const REFERABLE: Record<Kind, readonly Kind[]> = {
  action: [],
  feature_flag: [],
  cohort: ['cohort', 'action'],
  insight: ['action', 'cohort'],
  dashboard: ['insight'],
  experiment: ['feature_flag'],
};

type Step =
  | { op: 'create'; env: number; kind: Kind; refs: number[]; projectWide: boolean }
  | { op: 'edit'; env: number; target: number; refs: number[] }
  | { op: 'promote' | 'demote' | 'delete'; env: number; target: number };

const env = fc.nat({ max: 3 });
/** 4 and above: where the target lives (its environment, or the first of its project when project-wide). */
const targetEnv = fc.nat({ max: 6 });
const picks = fc.uniqueArray(fc.nat({ max: 40 }), { maxLength: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), env, kind: fc.constantFrom(...KINDS), refs: picks, projectWide: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('edit' as const), env: targetEnv, target: fc.nat({ max: 40 }), refs: picks }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('promote' as const, 'demote' as const, 'delete' as const), env: targetEnv, target: fc.nat({ max: 40 }) }) },
);

interface ModelEntity {
  id: string;
  kind: Kind;
  projectId: number;
  environmentId: number | null;
  refs: string[];
  deleted: boolean;
}

/**
 * What the service must answer and hold, kept from SPEC §4.4's rules alone: an environment sees its own and its
 * project's project-wide entities; references must be visible; promotion carries what it reaches; demotion and
 * deletion are refused while others hold on.
 */
class Model {
  readonly all: ModelEntity[] = [];

  constructor(readonly scopes: readonly entities.EnvironmentScope[]) {}

  live(): ModelEntity[] {
    return this.all.filter((e) => !e.deleted);
  }

  visible(entity: ModelEntity | undefined, from: entities.EnvironmentScope): entity is ModelEntity {
    return entity !== undefined && !entity.deleted && entity.projectId === from.projectId && (entity.environmentId === null || entity.environmentId === from.environmentId);
  }

  /** The environment-specific entities `roots` reach, themselves included (what a promotion makes project-wide). */
  promotionOf(roots: readonly string[]): ModelEntity[] {
    const promoted = new Map<string, ModelEntity>();
    const queue = [...roots];
    while (queue.length > 0) {
      const node = this.byId(queue.shift()!);
      if (node === undefined || node.environmentId === null || promoted.has(node.id)) continue;
      promoted.set(node.id, node);
      queue.push(...node.refs);
    }
    return [...promoted.values()];
  }

  reaches(roots: readonly string[], id: string): boolean {
    const seen = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (next === id) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.byId(next)?.refs ?? []));
    }
    return false;
  }

  home(entity: ModelEntity): entities.EnvironmentScope {
    return this.scopes.find((s) => s.environmentId === entity.environmentId) ?? this.scopes.find((s) => s.projectId === entity.projectId)!;
  }

  holders(id: string): ModelEntity[] {
    return this.live().filter((e) => e.refs.includes(id));
  }

  byId(id: string): ModelEntity | undefined {
    return this.all.find((e) => e.id === id && !e.deleted);
  }
}

/**
 * Random sequences of create / edit references / promote / demote / delete across three environments of one project
 * and one of another (the control), each sent to the running service. After every step the answer agrees with the
 * model, every environment's list is its own plus the project-wide, and the read model holds no forbidden reference.
 */
describe('entities graph, property-based', () => {
  const service = EntitiesHarness.forSpecs();
  let nextProject = 9_300_000;

  it('keeps lists, scopes and references right after every step of any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25, size: 'max' }), async (steps) => {
        const project = ++nextProject;
        const control = ++nextProject;
        const scopes = [1, 2, 3].map((n) => ({ projectId: project, environmentId: project * 10 + n })).concat({ projectId: control, environmentId: control * 10 + 1 });
        const model = new Model(scopes);
        for (const next of steps) {
          await play(model, next);
          await expectAgreement(model);
        }
      }),
      { numRuns: 30, endOnFailure: true },
    );
  }, 120_000);

  let flags = 0;

  async function play(model: Model, next: Step): Promise<void> {
    if (next.op === 'create') return playCreate(model, model.scopes[next.env], next);
    const target = model.all[next.target % Math.max(model.all.length, 1)];
    if (target === undefined) return;
    const from = model.scopes[next.env] ?? model.home(target);
    const request = { in: from, kind: target.kind, id: target.id };
    const found = model.visible(target, from);
    switch (next.op) {
      case 'edit': {
        const refs = referencesFor(model, target.kind, next.refs);
        if (target.kind === 'experiment' && refs.length === 0) return;
        const outcome = await service.attempt(S.update, { ...request, changes: fieldsOf(model, target.kind, refs) });
        const expected = !found ? 404 : model.reaches(refs, target.id) || !refs.every((id) => model.visible(model.byId(id), from)) ? 400 : 200;
        expectStatus(outcome, expected, next);
        if (expected !== 200) return;
        if (target.environmentId === null) for (const node of model.promotionOf(refs)) node.environmentId = null;
        target.refs = refs;
        return;
      }
      case 'promote': {
        const outcome = await service.attempt(S.makeProjectWide, { ...request, dryRun: false });
        expectStatus(outcome, found ? 200 : 404, next);
        if (!found) return;
        const promoted = model.promotionOf([target.id]);
        if (outcome.ok) expect(outcome.value.promoted.map((ref) => ref.id).sort()).toEqual(promoted.map((node) => node.id).sort());
        for (const node of promoted) node.environmentId = null;
        return;
      }
      case 'demote': {
        const outcome = await service.attempt(S.makeEnvironmentSpecific, request);
        const blocked = found && target.environmentId === null && model.holders(target.id).some((holder) => holder.environmentId !== from.environmentId);
        expectStatus(outcome, !found ? 404 : blocked ? 409 : 200, next);
        if (found && !blocked) target.environmentId = from.environmentId;
        return;
      }
      case 'delete': {
        const outcome = await service.attempt(S.delete, request);
        const blocked = found && model.holders(target.id).length > 0;
        expectStatus(outcome, !found ? 404 : blocked ? 409 : 200, next);
        if (found && !blocked) target.deleted = true;
        return;
      }
      default: {
        const _exhaustive: never = next;
        return _exhaustive;
      }
    }
  }

  async function playCreate(model: Model, from: entities.EnvironmentScope, next: Extract<Step, { op: 'create' }>): Promise<void> {
    const refs = referencesFor(model, next.kind, next.refs);
    const kind = next.kind === 'experiment' && refs.length === 0 ? 'feature_flag' : next.kind;
    const outcome = await service.attempt(S.create, { in: from, kind, fields: fieldsOf(model, kind, refs) as entities.KindFields, isProjectWide: next.projectWide });
    const expected = refs.every((id) => model.visible(model.byId(id), from)) ? 200 : 400;
    expectStatus(outcome, expected, next);
    if (!outcome.ok || expected !== 200) return;
    if (next.projectWide) for (const node of model.promotionOf(refs)) node.environmentId = null;
    model.all.push({ id: outcome.value.result.id, kind, projectId: from.projectId, environmentId: next.projectWide ? null : from.environmentId, refs, deleted: false });
  }

  /** Any entity ever made of the kinds `kind` may reference — deleted, foreign and invisible ones included. */
  function referencesFor(model: Model, kind: Kind, picked: readonly number[]): string[] {
    const candidates = model.all.filter((e) => REFERABLE[kind].includes(e.kind));
    if (candidates.length === 0) return [];
    const ids = [...new Set(picked.map((n) => candidates[n % candidates.length].id))];
    return kind === 'experiment' ? ids.slice(0, 1) : ids;
  }

  function fieldsOf(model: Model, kind: Kind, refs: readonly string[]): Record<string, unknown> {
    const of = (refKind: Kind) => refs.filter((id) => model.all.some((e) => e.id === id && e.kind === refKind));
    switch (kind) {
      case 'action':
        return { name: 'Action' };
      case 'feature_flag':
        return { key: `flag-${++flags}` };
      case 'cohort':
        return cohortFields('Cohort', of('cohort'), of('action'));
      case 'insight':
        return { name: 'Insight', filters: { action_ids: of('action'), cohort_ids: of('cohort') } };
      case 'dashboard':
        return { name: 'Dashboard', tiles: refs.map((id) => ({ insight_id: id })) };
      case 'experiment':
        return { name: 'Experiment', feature_flag_id: refs[0] };
    }
  }

  async function expectAgreement(model: Model): Promise<void> {
    const lists = await Promise.all(
      model.scopes.flatMap((from) =>
        KINDS.map(async (kind) => {
          const page = await service.ask(S.list, { in: from, kind, scope: 'all', page: { limit: 1_000, offset: 0 } });
          const seen = page.results.parse().map((e) => `${e.id}@${e.environment_id ?? 'project'}`).sort();
          const expected = model.live().filter((e) => e.kind === kind && model.visible(e, from)).map((e) => `${e.id}@${e.environmentId ?? 'project'}`).sort();
          return { from: from.environmentId, kind, seen, expected };
        }),
      ),
    );
    for (const list of lists) expect(list.seen).toEqual(list.expected);
    for (const projectId of new Set(model.scopes.map((s) => s.projectId))) expect(await service.violations(projectId)).toEqual([]);
  }

  function expectStatus(outcome: Outcome<unknown>, expected: number, next: Step): void {
    const status = outcome.ok ? 200 : outcome.error.status;
    if (status !== expected) throw new Error(`${JSON.stringify(next)} answered ${status}, the model expected ${expected}: ${outcome.ok ? '' : outcome.error.message}`);
  }
});
