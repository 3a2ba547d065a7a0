import { entityBody, entityBodyJson, type EntityRow } from './entities.queries';

const COMMON = ['id', 'is_project_wide', 'environment_id', 'project_id', 'tags', 'version', 'created_at', 'updated_at'];

/**
 * The row as a list reads it: Postgres writes the times (the int spec holds its text to `toISOString`'s) and the fields'
 * JSON, with a space after each `:` and `,` as `jsonb` text has (here: two spaces and a line break, any whitespace).
 */
const listed = (row: EntityRow) => ({
  ...row,
  fields: JSON.stringify(row.fields, null, 2),
  clashes: Object.keys(row.fields).some((key) => COMMON.includes(key)),
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

const row = (changes: Partial<EntityRow>): EntityRow => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  kind: 'feature_flag',
  project_id: '12',
  environment_id: '13',
  fields: { key: 'checkout', description: 'Der "neue" Checkout ü\n', multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 50 }] },
  tags: ['growth'],
  version: 3,
  created_at: new Date('2026-01-01T00:00:00.291Z'),
  updated_at: new Date('2026-02-03T04:05:06.007Z'),
  ...changes,
});

describe("a list's entity body as JSON text", () => {
  it('is the JSON of the body a single read answers: the same value, its keys in the same order', () => {
    for (const entity of [
      row({}),
      row({ environment_id: null, tags: [] }),
      row({ kind: 'insight', fields: {} }),
      row({ kind: 'dashboard', fields: { name: 'x', 10: 'ten', 2: 'two', filters: { b: 1, a: [1e21, 5e-7, -0] } } }),
      // No kind has a field named like a common one; if a row ever held one, the spread's order still holds.
      row({ kind: 'insight', fields: { name: 'n', version: 'old', zeta: true } }),
    ]) {
      const single = JSON.stringify(entityBody(entity));
      expect(JSON.stringify(JSON.parse(entityBodyJson(listed(entity))))).toBe(single);
    }
  });
});
