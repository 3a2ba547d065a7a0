import { entities } from '@strata/contracts';
import fc from 'fast-check';
import { EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const H = entities.EntitiesHistorySubjects;
type Kind = 'action' | 'cohort' | 'feature_flag' | 'survey';

/** The fields an edit may send, per kind: optional ones sometimes absent, so a restore must clear what a version lacked. */
// A name the API accepts: not blank (a blank one is refused as any edit's would be, which is not what this property is about).
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.trim() !== '');
const rules = fc.constantFrom('free', 'pro', 'team').map((plan) => [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: plan }] }]);
const fieldsOf: Record<Kind, fc.Arbitrary<Record<string, unknown>>> = {
  action: fc.record({ name: text, description: text, steps: fc.array(fc.record({ event: text }), { maxLength: 2 }) }, { requiredKeys: ['name'] }),
  cohort: fc.record({ name: text, description: text, rules }, { requiredKeys: ['name', 'rules'] }),
  feature_flag: fc.record({ description: text, default_enabled: fc.boolean(), is_server_key_only: fc.boolean() }, { requiredKeys: ['default_enabled'] }),
  survey: fc.record({ name: text, type: fc.constantFrom('popover', 'widget', 'api'), questions: fc.array(fc.record({ question: text }), { maxLength: 2 }) }, { requiredKeys: ['name'] }),
};
const KINDS = Object.keys(fieldsOf) as Kind[];
const tags = fc.subarray(['red', 'green', 'blue']);
const edit = fc.record({ target: fc.nat({ max: 9 }), pick: fc.nat(), tags });

/** What a version holds, as its body shows it: the kind's fields and tags (not its id, scope, version or times). */
function held(body: entities.Entity): Record<string, unknown> {
  const { id: _id, is_project_wide: _w, environment_id: _e, project_id: _p, version: _v, created_at: _c, updated_at: _u, ...fields } = body;
  return JSON.parse(JSON.stringify(fields));
}

/**
 * Random edits of random entities, then every version of each restored in turn (in a random order): each restore
 * gives back exactly the fields and tags that version had — read back as the version itself and as the entity after.
 */
describe('restore, property-based (SPEC §10)', () => {
  const service = EntitiesHarness.forSpecs();
  let nextProject = 9_500_000;

  it('gives back exactly the fields of the version restored, whatever the edits before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 3 }),
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(...KINDS.map((kind) => fieldsOf[kind])), { minLength: 9, maxLength: 9 }),
        fc.nat(),
        async (kinds, edits, samples, seed) => {
          const project = ++nextProject;
          const scope = { projectId: project, environmentId: project * 10 + 1 };
          const sample = (kind: Kind, n: number) => samples[n % samples.length][KINDS.indexOf(kind)];
          const versions = new Map<string, Map<number, Record<string, unknown>>>();
          const made: { id: string; kind: Kind }[] = [];
          for (const [i, kind] of kinds.entries()) {
            const fields = kind === 'feature_flag' ? { ...sample(kind, i), key: `flag-${project}-${i}` } : sample(kind, i);
            const entity = await service.create(scope, kind, fields);
            made.push({ id: entity.id, kind });
            versions.set(entity.id, new Map([[entity.version, held(entity)]]));
          }
          for (const { target, pick, tags: labels } of edits) {
            const { id, kind } = made[target % made.length];
            const changes = sample(kind, pick);
            const { result } = await service.ask(S.update, { in: scope, kind, id, changes: changes as Partial<entities.KindFields>, tags: labels });
            versions.get(id)!.set(result.version, held(result));
          }
          for (const { id, kind } of made) {
            const known = [...versions.get(id)!.entries()];
            const order = known.map((_, i) => known[(i * 7 + seed) % known.length]);
            for (const [version, expected] of order) {
              const asItWas = await service.history(H.entityVersion, { in: scope, kind, id, version });
              expect(held(asItWas.result)).toEqual(expected);
              const restored = await service.history(H.restoreEntity, { in: scope, kind, id, version, dryRun: false });
              expect(held(restored.result)).toEqual(expected);
              const read = await service.ask(S.get, { in: scope, kind, id });
              expect(held(read.result)).toEqual(expected);
              versions.get(id)!.set(read.version, expected);
            }
          }
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  }, 180_000);
});
