import type { EntityCopy, Environment, Project } from '../src/api/types';
import { chosenRequest, copyBody, copyPath, copyReducer, type CopyState, initialCopy, reportRows, reportSummary, requestToApply, targetChoices } from '../src/entities/entity-copy';

const path = copyPath(11, 'dashboards', 'dash-1');
const report: EntityCopy = {
  created: [
    { kind: 'dashboard', from_id: 'dash-1', id: null },
    { kind: 'insight', from_id: 'insight-1', id: null },
  ],
  linked: [{ kind: 'cohort', from_id: 'cohort-1', id: 'cohort-9' }],
};

function previewed(target = 21, dependencies: CopyState['dependencies'] = 'copy'): CopyState {
  const chosen = copyReducer(copyReducer(initialCopy(path), { type: 'target', target }), { type: 'dependencies', dependencies });
  const request = chosenRequest(chosen);
  if (!request) throw new Error('a chosen target makes a request');
  return copyReducer(chosen, { type: 'previewed', request, report });
}

describe('"Copy to…": a preview answers one target under one choice', () => {
  it('asks nothing before a target is chosen, and copies dependencies unless told to link them', () => {
    const state = initialCopy(path);
    expect(state.dependencies).toBe('copy');
    expect(chosenRequest(state)).toBeUndefined();
    expect(requestToApply(state)).toBeUndefined();
  });

  it('previews, then copies exactly the request that was previewed: the same body with dry_run false', () => {
    const state = previewed(21, 'link');
    const request = requestToApply(state);
    expect(request).toEqual({ path: '/api/v2/environments/11/dashboards/dash-1/copy', toEnvironmentId: 21, dependencies: 'link' });
    expect(copyBody(request!, true)).toEqual({ to_environment_id: 21, dependencies: 'link', dry_run: true });
    expect(copyBody(request!, false)).toEqual({ to_environment_id: 21, dependencies: 'link', dry_run: false });
    const copied = copyReducer(state, { type: 'copied', request: request!, report });
    expect(copied.stage).toEqual({ step: 'copied', request, report });
    expect(requestToApply(copied)).toBeUndefined();
  });

  it('drops the preview when the target changes, so nothing is left to copy', () => {
    const state = copyReducer(previewed(21), { type: 'target', target: 22 });
    expect(state.stage).toEqual({ step: 'choose' });
    expect(requestToApply(state)).toBeUndefined();
    expect(chosenRequest(state)?.toEnvironmentId).toBe(22);
    expect(requestToApply(copyReducer(previewed(21), { type: 'target', target: undefined }))).toBeUndefined();
  });

  it('drops the preview when the choice between copy and link changes', () => {
    const state = copyReducer(previewed(21, 'copy'), { type: 'dependencies', dependencies: 'link' });
    expect(requestToApply(state)).toBeUndefined();
    expect(chosenRequest(state)?.dependencies).toBe('link');
  });

  it('keeps the preview when the same target or choice is picked again', () => {
    const state = previewed(21, 'copy');
    expect(copyReducer(state, { type: 'target', target: 21 })).toBe(state);
    expect(copyReducer(state, { type: 'dependencies', dependencies: 'copy' })).toBe(state);
  });

  it('ignores a preview answered after the target or the choice changed while it ran', () => {
    const chosen = copyReducer(initialCopy(path), { type: 'target', target: 21 });
    const asked = chosenRequest(chosen)!;
    const changed = copyReducer(chosen, { type: 'dependencies', dependencies: 'link' });
    expect(copyReducer(changed, { type: 'previewed', request: asked, report }).stage).toEqual({ step: 'choose' });
    const retargeted = copyReducer(chosen, { type: 'target', target: 22 });
    expect(copyReducer(retargeted, { type: 'previewed', request: asked, report }).stage).toEqual({ step: 'choose' });
  });

  it('records no copy of a request other than the one on screen', () => {
    const state = previewed(21, 'copy');
    expect(copyReducer(state, { type: 'copied', request: { path, toEnvironmentId: 22, dependencies: 'copy' }, report })).toBe(state);
  });
});

describe('"Copy to…": targets and reports', () => {
  const project = (id: number, name: string, organization_id = 'org'): Project => ({ id, name, organization_id }) as Project;
  const environment = (id: number, project_id: number, name: string, organization_id = 'org'): Environment => ({ id, project_id, name, organization_id }) as Environment;

  it("offers every environment of the organization but the source's own, its own project's first", () => {
    const projects = [project(1, 'Web'), project(2, 'Mobile'), project(3, 'Elsewhere', 'other')];
    const environments = [environment(30, 3, 'Prod', 'other'), environment(20, 2, 'Production'), environment(11, 1, 'Staging'), environment(10, 1, 'Production'), environment(21, 2, 'Staging')];
    expect(targetChoices(projects, environments, environments[2])).toEqual([
      { value: 10, label: 'Web · Production' },
      { value: 20, label: 'Mobile · Production' },
      { value: 21, label: 'Mobile · Staging' },
    ]);
  });

  it('reads a report as rows named as the source names them, copies first, and sums it up in the right tense', () => {
    const names: Record<string, string> = { 'dash-1': 'Growth', 'insight-1': 'Revenue', 'cohort-1': 'Payers' };
    expect(reportRows(report, (id) => names[id])).toEqual([
      { kind: 'dashboard', fromId: 'dash-1', id: null, name: 'Growth', outcome: 'created' },
      { kind: 'insight', fromId: 'insight-1', id: null, name: 'Revenue', outcome: 'created' },
      { kind: 'cohort', fromId: 'cohort-1', id: 'cohort-9', name: 'Payers', outcome: 'linked' },
    ]);
    expect(reportRows({ created: [{ kind: 'action', from_id: 'a-1', id: 'a-2' }], linked: [] }, () => undefined)[0].name).toBe('a-1');
    expect(reportSummary(report, false)).toBe('2 to create, 1 to link');
    expect(reportSummary(report, true)).toBe('2 created, 1 linked');
    expect(reportSummary({ created: [{ kind: 'action', from_id: 'a-1', id: 'a-2' }], linked: [] }, true)).toBe('1 created');
  });
});
