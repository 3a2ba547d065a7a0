import type { ImportPlan } from '../src/api/types';
import { changedRows, chosenRequest, type ImportState, importReducer, INITIAL_IMPORT, planRows, requestToApply } from '../src/pages/import-plan';

const file = { name: 'setup.json', text: '{"version":1}' };

function previewed(strategy: ImportState['strategy'] = 'SKIP'): ImportState {
  const chosen = importReducer(importReducer(INITIAL_IMPORT, { type: 'file', file }), { type: 'strategy', strategy });
  const request = chosenRequest(chosen);
  if (!request) throw new Error('a chosen file makes a request');
  return importReducer(chosen, { type: 'previewed', request, jobId: 'job-1' });
}

describe('the console import: a plan answers one file under one strategy', () => {
  it('applies exactly the request that was previewed', () => {
    const state = previewed('SKIP');
    expect(state.stage).toEqual({ step: 'preview', request: { fileName: 'setup.json', data: file.text, strategy: 'SKIP' }, jobId: 'job-1' });
    expect(requestToApply(state)).toEqual({ fileName: 'setup.json', data: file.text, strategy: 'SKIP' });
  });

  it('drops the plan when the strategy changes, so nothing is left to apply', () => {
    const state = importReducer(previewed('SKIP'), { type: 'strategy', strategy: 'OVERWRITE_DESTRUCTIVE' });
    expect(state.stage).toEqual({ step: 'choose' });
    expect(requestToApply(state)).toBeUndefined();
    expect(chosenRequest(state)?.strategy).toBe('OVERWRITE_DESTRUCTIVE');
  });

  it('keeps the plan when the same strategy is chosen again', () => {
    const state = previewed('SKIP');
    expect(importReducer(state, { type: 'strategy', strategy: 'SKIP' })).toBe(state);
  });

  it('drops the plan when another file is chosen, or the file is removed', () => {
    const other = importReducer(previewed(), { type: 'file', file: { name: 'other.json', text: '{}' } });
    expect(requestToApply(other)).toBeUndefined();
    const none = importReducer(previewed(), { type: 'file', file: undefined });
    expect(requestToApply(none)).toBeUndefined();
    expect(chosenRequest(none)).toBeUndefined();
  });

  it('ignores a preview answered after the strategy changed while it ran', () => {
    const chosen = importReducer(INITIAL_IMPORT, { type: 'file', file });
    const asked = chosenRequest(chosen);
    if (!asked) throw new Error('a chosen file makes a request');
    const changed = importReducer(chosen, { type: 'strategy', strategy: 'OVERWRITE_DESTRUCTIVE' });
    const answered = importReducer(changed, { type: 'previewed', request: asked, jobId: 'late' });
    expect(answered.stage).toEqual({ step: 'choose' });
    expect(requestToApply(answered)).toBeUndefined();
  });

  it('records an apply only of the plan on screen', () => {
    const state = previewed('OVERWRITE_DESTRUCTIVE');
    const request = requestToApply(state);
    if (!request) throw new Error('a previewed plan can be applied');
    expect(importReducer(state, { type: 'applied', request: { ...request, strategy: 'SKIP' }, jobId: 'x' })).toBe(state);
    expect(importReducer(state, { type: 'applied', request, jobId: 'job-2' }).stage).toEqual({ step: 'apply', request, jobId: 'job-2' });
  });

  it('names what an overwrite changes: the rows it updates, not those it creates or skips', () => {
    const plan: ImportPlan = {
      strategy: 'OVERWRITE_DESTRUCTIVE',
      tags: [{ action: 'skip', name: 'beta', index: 0 }],
      segments: [{ action: 'update', name: 'Pro users', index: 0, cohorts: [] }],
      features: [{ action: 'create', name: 'new-flag', index: 0 }],
      environments: [{ action: 'update', name: 'Staging', index: 0, settings: {} }],
      feature_states: [{ action: 'update', environment: { index: 0 }, environment_name: 'Staging', feature: { index: 0 }, feature_name: 'checkout', state: 0 }],
    };
    expect(planRows(plan)).toHaveLength(5);
    expect(changedRows(plan)).toEqual([
      { section: 'Segment', name: 'Pro users', action: 'update' },
      { section: 'Environment', name: 'Staging', action: 'update' },
      { section: 'Flag state', name: 'checkout in Staging', action: 'update' },
    ]);
  });
});
