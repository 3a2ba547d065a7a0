import { TaxonomyMessageSchemas as Schemas, TaxonomySubjects as S } from './index';

/**
 * The stateless rules of group types and definitions, as each `taxonomy.*` message schema applies them (the gateway's
 * bodies are built from the same pieces). A service reports the first issue's path as `attr`, snake_case, without the
 * `changes` wrapper (service-kit's `messageAttr`: `changes.description` → `description`).
 */
type Schema = { safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } };

function refused(schema: Schema, payload: Record<string, unknown>): { path: string; message: string } {
  const [issue] = schema.safeParse(payload).error?.issues ?? [];
  if (issue === undefined) throw new Error(`accepted ${JSON.stringify(payload)}`);
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

const definitionId = '0190c6d2-0000-7000-8000-000000000001';
const eventUpdate = (changes: Record<string, unknown>) => ({ projectId: 7, definitionId, changes });
const propertyUpdate = eventUpdate;
const observations = (properties: Record<string, unknown>[]) => ({ projectId: 7, eventNames: [], properties, seenAt: '2025-01-01T10:00:00.000Z' });

describe('taxonomy request rules', () => {
  describe('group types', () => {
    it('refuse a blank or over-long type', () => {
      expect(refused(Schemas[S.resolveGroupTypes], { projectId: 7, groupTypes: ['  '] })).toEqual({ path: 'groupTypes.0', message: expect.stringMatching(/group type/) });
      expect(refused(Schemas[S.resolveGroupTypes], { projectId: 7, groupTypes: ['x'.repeat(401)] }).path).toBe('groupTypes.0');
    });

    it('take labels trimmed, a blank one clearing the label', () => {
      const parsed = Schemas[S.renameGroupType].parse({ projectId: 7, index: 0, nameSingular: ' Company ', namePlural: ' ' });
      expect(parsed).toMatchObject({ nameSingular: 'Company', namePlural: null });
    });

    it('refuse labels over 400 characters and non-strings', () => {
      expect(refused(Schemas[S.renameGroupType], { projectId: 7, index: 0, nameSingular: 'x'.repeat(401) })).toEqual({
        path: 'nameSingular',
        message: expect.stringMatching(/400/),
      });
      expect(refused(Schemas[S.renameGroupType], { projectId: 7, index: 0, namePlural: 5 }).path).toBe('namePlural');
    });
  });

  describe('event definition updates', () => {
    it('trim the description and tags, collapsing duplicate tags', () => {
      const parsed = Schemas[S.updateEventDefinition].parse(eventUpdate({ description: ' Page views ', tags: ['web', ' web', 'core'], verified: false }));
      expect(parsed.changes).toEqual({ description: 'Page views', tags: ['web', 'core'], verified: false });
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['a description that is no string', { description: 5 }, 'changes.description', /string/],
      ['a description over 4000 characters', { description: 'x'.repeat(4001) }, 'changes.description', /4000/],
      ['tags that are no list', { tags: 'web' }, 'changes.tags', /array/],
      ['a blank tag', { tags: [''] }, 'changes.tags.0', /tag/],
      ['more than 100 tags', { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'changes.tags', /100/],
      ['verified that is no boolean', { verified: 'yes' }, 'changes.verified', /boolean/],
    ])('refuse %s', (_, changes, path, message) => {
      expect(refused(Schemas[S.updateEventDefinition], eventUpdate(changes))).toEqual({ path, message: expect.stringMatching(message) });
    });
  });

  describe('property definition updates', () => {
    it('take one of the four types only', () => {
      const { path, message } = refused(Schemas[S.updatePropertyDefinition], propertyUpdate({ propertyType: 'Integer' }));
      expect(path).toBe('changes.propertyType');
      for (const type of ['String', 'Numeric', 'Boolean', 'DateTime']) expect(message).toContain(type);
    });

    it('trim the description', () => {
      expect(Schemas[S.updatePropertyDefinition].parse(propertyUpdate({ description: ' Order total ' })).changes.description).toBe('Order total');
    });
  });

  describe('observations', () => {
    const property = { name: 'amount', type: 'group', groupTypeIndex: 4, detectedType: 'String' };

    it('give group properties a group type index 0–4', () => {
      expect(Schemas[S.recordObservations].safeParse(observations([property])).success).toBe(true);
      expect(refused(Schemas[S.recordObservations], observations([{ ...property, groupTypeIndex: 5 }]))).toEqual({
        path: 'properties.0.groupTypeIndex',
        message: expect.stringMatching(/0 to 4/),
      });
    });

    it('take only the known kinds and detected types', () => {
      expect(refused(Schemas[S.recordObservations], observations([{ ...property, type: 'team' }])).path).toBe('properties.0.type');
      expect(refused(Schemas[S.recordObservations], observations([{ ...property, detectedType: 'Integer' }])).path).toBe('properties.0.detectedType');
    });
  });
});
