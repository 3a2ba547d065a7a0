import type { CopiedEntity, CopyDependencies, EntityCopy, Environment, Project } from '../api/types';

/**
 * "Copy to…"'s own logic, apart from its dialog, as the import's (`pages/import-plan.ts`): a preview answers one
 * request — this entity into one environment, its dependencies copied or linked — and nothing else. Any change of
 * target or choice drops the preview on screen, a preview answered after such a change is ignored, and the copy sends
 * exactly the request that was previewed.
 */

export interface EntityCopyRequest {
  /** `POST /api/v2/environments/:env_id/KIND/:id/copy` of the entity copied. */
  path: string;
  toEnvironmentId: number;
  dependencies: CopyDependencies;
}

export type CopyStage =
  | { step: 'choose' }
  | { step: 'preview'; request: EntityCopyRequest; report: EntityCopy }
  | { step: 'copied'; request: EntityCopyRequest; report: EntityCopy };

export interface CopyState {
  path: string;
  target: number | undefined;
  dependencies: CopyDependencies;
  stage: CopyStage;
}

export type CopyEvent =
  | { type: 'target'; target: number | undefined }
  | { type: 'dependencies'; dependencies: CopyDependencies }
  | { type: 'previewed'; request: EntityCopyRequest; report: EntityCopy }
  | { type: 'copied'; request: EntityCopyRequest; report: EntityCopy };

/** Nothing chosen yet: dependencies are copied unless the person asks to link them. */
export const initialCopy = (path: string): CopyState => ({ path, target: undefined, dependencies: 'copy', stage: { step: 'choose' } });

export const copyPath = (environmentId: number, collection: string, id: string) => `/api/v2/environments/${environmentId}/${collection}/${id}/copy`;

const sameRequest = (a: EntityCopyRequest, b: EntityCopyRequest | undefined) =>
  b !== undefined && a.path === b.path && a.toEnvironmentId === b.toEnvironmentId && a.dependencies === b.dependencies;

/** The request the dialog shows now: the chosen target under the chosen treatment of dependencies. */
export function chosenRequest(state: CopyState): EntityCopyRequest | undefined {
  return state.target === undefined ? undefined : { path: state.path, toEnvironmentId: state.target, dependencies: state.dependencies };
}

/** What the copy sends: the previewed request, and only while its preview is the one on screen. */
export function requestToApply(state: CopyState): EntityCopyRequest | undefined {
  return state.stage.step === 'preview' ? state.stage.request : undefined;
}

export function copyReducer(state: CopyState, event: CopyEvent): CopyState {
  switch (event.type) {
    case 'target':
      return event.target === state.target ? state : { ...state, target: event.target, stage: { step: 'choose' } };
    case 'dependencies':
      return event.dependencies === state.dependencies ? state : { ...state, dependencies: event.dependencies, stage: { step: 'choose' } };
    case 'previewed':
      // A preview answered after the target or the choice changed is of a copy no longer chosen.
      return state.stage.step !== 'copied' && sameRequest(event.request, chosenRequest(state)) ? { ...state, stage: { step: 'preview', request: event.request, report: event.report } } : state;
    case 'copied':
      return sameRequest(event.request, requestToApply(state)) ? { ...state, stage: { step: 'copied', request: event.request, report: event.report } } : state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The body of `POST …/:id/copy` for a request: a dry run to preview, then the same with `dry_run: false`. */
export function copyBody(request: EntityCopyRequest, dryRun: boolean) {
  return { to_environment_id: request.toEnvironmentId, dependencies: request.dependencies, dry_run: dryRun };
}

export interface TargetChoice {
  value: number;
  label: string;
}

/**
 * Where the entity can go: every environment of its organization the key sees (the switcher's data) but its own, as
 * "Project · Environment", its own project's first.
 */
export function targetChoices(projects: Project[], environments: Environment[], source: Environment): TargetChoice[] {
  const projectOf = new Map(projects.map((project) => [project.id, project]));
  return environments
    .filter((environment) => environment.organization_id === source.organization_id && environment.id !== source.id && projectOf.has(environment.project_id))
    .sort((a, b) => Number(b.project_id === source.project_id) - Number(a.project_id === source.project_id) || a.project_id - b.project_id || a.id - b.id)
    .map((environment) => ({ value: environment.id, label: `${projectOf.get(environment.project_id)?.name ?? ''} · ${environment.name}` }));
}

export interface ReportRow {
  kind: string;
  fromId: string;
  /** The entity in the target: the copy's (`null` in a preview) or the one linked to. */
  id: string | null;
  name: string;
  outcome: 'created' | 'linked';
}

/** A preview or a copy's report as rows, the copies first, each named as the source environment names it. */
export function reportRows(report: EntityCopy, nameOf: (id: string) => string | undefined): ReportRow[] {
  const row = (outcome: ReportRow['outcome']) => (entry: CopiedEntity) => ({ kind: entry.kind, fromId: entry.from_id, id: entry.id, name: nameOf(entry.from_id) ?? entry.from_id, outcome });
  return [...report.created.map(row('created')), ...report.linked.map(row('linked'))];
}

/** One line for a report: "2 created, 1 linked", in the tense of a preview or of the copy done. */
export function reportSummary(report: EntityCopy, done: boolean): string {
  const created = report.created.length;
  const linked = report.linked.length;
  const parts = [`${created} ${done ? 'created' : 'to create'}`, ...(linked > 0 ? [`${linked} ${done ? 'linked' : 'to link'}`] : [])];
  return parts.join(', ');
}
