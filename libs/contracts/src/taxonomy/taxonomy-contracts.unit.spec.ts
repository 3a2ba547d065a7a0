import { ingestion, taxonomy } from '../index';

describe('taxonomy contracts', () => {
  it('name every event type once', () => {
    expect(new Set(taxonomy.TAXONOMY_EVENT_TYPES).size).toBe(taxonomy.TAXONOMY_EVENT_TYPES.length);
    expect(taxonomy.isTaxonomyEventType('GroupTypeRegistered')).toBe(true);
    expect(taxonomy.isTaxonomyEventType('EnvironmentCreated')).toBe(false);
  });

  it('use taxonomy.<noun>.<verb> subjects, each once', () => {
    const subjects = Object.values(taxonomy.TaxonomySubjects);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const subject of subjects) expect(subject).toMatch(/^taxonomy\.[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
  });

  it('know the four property types and three kinds', () => {
    expect(taxonomy.isPropertyType('Numeric')).toBe(true);
    expect(taxonomy.isPropertyType('numeric')).toBe(false);
    expect(taxonomy.isPropertyKind('group')).toBe(true);
    expect(taxonomy.isPropertyKind('session')).toBe(false);
  });
});

describe('ingestion contracts', () => {
  it('resolve on ingestion.resolve, at most 10,000 events a batch', () => {
    expect(ingestion.IngestionSubjects.resolve).toBe('ingestion.resolve');
    expect(ingestion.MAX_RESOLVE_BATCH).toBe(10_000);
  });

  it('list each error code once', () => {
    expect(new Set(ingestion.RESOLVE_EVENT_ERRORS).size).toBe(ingestion.RESOLVE_EVENT_ERRORS.length);
    expect(new Set(ingestion.RESOLVE_BATCH_ERRORS).size).toBe(ingestion.RESOLVE_BATCH_ERRORS.length);
  });
});
