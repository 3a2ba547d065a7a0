import { summaryLine } from '../src/pages/job-summary';

const counts = (created: number, updated = 0, deleted = 0, skipped = 0) => ({ created, updated, deleted, skipped });

describe('a past import in one line', () => {
  it('adds each count over every section and names only what happened', () => {
    expect(summaryLine({ features: counts(1, 2), feature_states: counts(3, 0, 0, 4), tags: counts(0) })).toBe('4 created, 2 updated, 4 skipped');
  });

  it('says so when nothing changed', () => {
    expect(summaryLine({ features: counts(0), segments: counts(0) })).toBe('nothing changed');
  });
});
