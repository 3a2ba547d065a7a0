import type { ImportJob, ImportPlan } from '../api/types';

/**
 * The import's own logic, apart from the page: a plan answers one request (a file and a strategy) and nothing else.
 * Any change of file or strategy drops the plan on screen, an answer to a request no longer chosen is ignored, and
 * applying sends exactly the request that was previewed.
 */
export type Strategy = ImportJob['strategy'];

export interface ImportRequest {
  fileName: string;
  data: string;
  strategy: Strategy;
}

export type ImportStage =
  | { step: 'choose' }
  | { step: 'preview'; request: ImportRequest; jobId: string }
  | { step: 'apply'; request: ImportRequest; jobId: string };

export interface ImportState {
  file: { name: string; text: string } | undefined;
  strategy: Strategy;
  stage: ImportStage;
}

export type ImportEvent =
  | { type: 'file'; file: { name: string; text: string } | undefined }
  | { type: 'strategy'; strategy: Strategy }
  | { type: 'previewed'; request: ImportRequest; jobId: string }
  | { type: 'applied'; request: ImportRequest; jobId: string };

export const INITIAL_IMPORT: ImportState = { file: undefined, strategy: 'SKIP', stage: { step: 'choose' } };

const sameRequest = (a: ImportRequest, b: ImportRequest | undefined) => b !== undefined && a.data === b.data && a.strategy === b.strategy && a.fileName === b.fileName;

/** The request the form shows now: the chosen file under the chosen strategy. */
export function chosenRequest(state: ImportState): ImportRequest | undefined {
  return state.file ? { fileName: state.file.name, data: state.file.text, strategy: state.strategy } : undefined;
}

/** What applying sends: the previewed request, and only while its plan is the one on screen. */
export function requestToApply(state: ImportState): ImportRequest | undefined {
  return state.stage.step === 'preview' ? state.stage.request : undefined;
}

export function importReducer(state: ImportState, event: ImportEvent): ImportState {
  switch (event.type) {
    case 'file':
      return { ...state, file: event.file, stage: { step: 'choose' } };
    case 'strategy':
      return event.strategy === state.strategy ? state : { ...state, strategy: event.strategy, stage: { step: 'choose' } };
    case 'previewed':
      // A preview answered after the file or strategy changed plans something no longer chosen.
      return sameRequest(event.request, chosenRequest(state)) ? { ...state, stage: { step: 'preview', request: event.request, jobId: event.jobId } } : state;
    case 'applied':
      return sameRequest(event.request, requestToApply(state)) ? { ...state, stage: { step: 'apply', request: event.request, jobId: event.jobId } } : state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

const SECTIONS: [keyof Omit<ImportPlan, 'strategy' | 'feature_states'>, string][] = [
  ['tags', 'Tag'],
  ['segments', 'Segment'],
  ['features', 'Feature'],
  ['environments', 'Environment'],
];

export interface PlanRow {
  section: string;
  name: string;
  action: string;
}

/** A plan as rows: what, its name, and what the import does with it. */
export function planRows(plan: ImportPlan): PlanRow[] {
  return [
    ...SECTIONS.flatMap(([section, label]) => (plan[section] ?? []).map((step) => ({ section: label, name: step.name, action: step.action }))),
    ...(plan.feature_states ?? []).map((step) => ({ section: 'Flag state', name: `${step.feature_name} in ${step.environment_name}`, action: step.action })),
  ];
}

/** What an apply changes of what exists (the rows an overwrite rewrites): what its confirmation names. */
export function changedRows(plan: ImportPlan): PlanRow[] {
  return planRows(plan).filter((row) => row.action !== 'create' && row.action !== 'skip');
}
