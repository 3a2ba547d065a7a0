import type { ActivityEntry } from '../src/api/types';
import { activityUrl, NO_FILTER, withinRange } from '../src/history/activity-query';
import { diffRows, shown } from '../src/history/field-diff';

describe('the console history: field diffs between versions', () => {
  it('shows a plain field as its value before and after, nothing as a dash', () => {
    expect(diffRows([{ field: 'description', before: null, after: 'First cohort' }])).toEqual([{ field: 'description', before: '—', after: 'First cohort' }]);
    expect(diffRows([{ field: 'enabled', before: false, after: true }])).toEqual([{ field: 'enabled', before: 'false', after: 'true' }]);
  });

  it('descends into rules and lists down to the leaves that changed', () => {
    const rules = (value: string, extra: object[] = []) => [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value }, ...extra] }];
    expect(diffRows([{ field: 'rules', before: rules('beta'), after: rules('beta2') }])).toEqual([{ field: 'rules[0].conditions[0].value', before: 'beta', after: 'beta2' }]);
    expect(diffRows([{ field: 'rules', before: rules('beta'), after: rules('beta', [{ property_: 'country', operator: 'EQUAL', value: 'FR' }]) }])).toEqual([
      { field: 'rules[0].conditions[1]', before: '—', after: '{"property_":"country","operator":"EQUAL","value":"FR"}' },
    ]);
  });

  it('ignores the order of an object’s keys, and shows a change of shape whole', () => {
    expect(diffRows([{ field: 'filters', before: { a: 1, b: [1] }, after: { b: [1], a: 1 } }])).toEqual([]);
    expect(diffRows([{ field: 'tiles', before: [], after: { insight_id: 'x' } }])).toEqual([{ field: 'tiles', before: '[]', after: '{"insight_id":"x"}' }]);
  });

  it('tells an empty text from no value', () => {
    expect(shown('')).toBe('""');
    expect(shown(undefined)).toBe('—');
    expect(shown(3)).toBe('3');
  });
});

describe('the console activity: filters and the time range', () => {
  const entry = (id: string, at: string): ActivityEntry => ({ id, at, actor: null, action: 'updated', kind: 'cohort', entity_id: id, name: id, correlation_id: null, changes: [] });

  it('asks the API for kind, actor, the end of the range and the page size', () => {
    expect(activityUrl('/api/v2/environments/7/activity/', NO_FILTER)).toBe('/api/v2/environments/7/activity/?limit=25');
    const url = new URL(activityUrl('/a/', { kind: 'feature_flag', actor: 'u-1', from: '', to: '2026-01-02T03:04', limit: 10 }), 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ kind: 'feature_flag', actor: 'u-1', before: new Date('2026-01-02T03:04').toISOString(), limit: '10' });
  });

  it('keeps the entries from the start of the range, and says the walk has ended at the first older one', () => {
    const entries = [entry('c', '2026-03-01T00:00:00Z'), entry('b', '2026-02-01T00:00:00Z'), entry('a', '2026-01-01T00:00:00Z')];
    expect(withinRange(entries, '')).toEqual({ entries, ended: false });
    const from = new Date('2026-01-15T00:00:00Z');
    const local = new Date(from.getTime() - from.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    expect(withinRange(entries, local)).toEqual({ entries: entries.slice(0, 2), ended: true });
  });
});
