import type { ImportPlan } from '../export';

/**
 * How a project's flag setup leaves and enters the entities service for export and import (SPEC §6), in messages that
 * stay under one NATS message whatever the project's size:
 * - export reads the project section by section, a page at a time, in the file's own shapes (names, never ids);
 * - import stages the file's text in chunks, then applies it in **one** atomic append (all-or-nothing), planned by
 *   the entities service against its own read model at that moment (`exportFormat.planImport`), so what it decides
 *   on and what it appends cannot drift apart. A dry run plans and appends nothing.
 */

export const EntitiesTransferSubjects = {
  exportPage: 'entities.transfer.exportPage',
  stageImport: 'entities.transfer.stageImport',
  applyImport: 'entities.transfer.applyImport',
  discardImport: 'entities.transfer.discardImport',
  importProgress: 'entities.transfer.importProgress',
} as const;

export type ExportSection = 'tags' | 'segments' | 'features' | 'environment';

export interface ExportPageRequest {
  projectId: number;
  section: ExportSection;
  /** For `environment`: whose feature states, segment overrides (and identity overrides) to read. */
  environment?: { id: number; name: string };
  /**
   * The file's environments in its order (every section but `tags` needs them): the names written in Strata's
   * `environment` field of environment-specific features and segments (an entity of an environment not listed is left
   * out, as its environment is), and the first one is where project-scoped rollout groups are written, once.
   */
  environments?: { id: number; name: string }[];
  includeIdentityOverrides?: boolean;
  /** Opaque cursor of the previous page; absent for the first. */
  after?: string;
  /** Items per page (the service caps it so a page stays well under one NATS message). */
  limit?: number;
}

/**
 * A page of items in the file's shapes — `ExportTag`, `ExportSegment`, `ExportFeature`, or for `environment` the parts
 * of one `ExportEnvironment`'s lists (settings come from the projects service) — as JSON text: each item's
 * `canonicalJson` of `@strata/rules`, comma-separated, without brackets (`''`: none). Serialised once where it is read and
 * written into the file as it is, never parsed on the way.
 */
export interface ExportPageResponse {
  items?: string;
  environment?: { feature_states: string; feature_segments: string; identity_overrides?: string };
  /** Cursor of the next page; `null` when this was the last. */
  next: string | null;
}

export interface StageImportRequest {
  /** The import job's id: staging is keyed by it, so a resumed job re-stages idempotently. */
  importId: string;
  projectId: number;
  /** 0-based; chunks are joined in order. */
  chunk: number;
  chunks: number;
  /** A slice of the file's UTF-8 JSON text. */
  text: string;
}

export interface ApplyImportRequest {
  importId: string;
  projectId: number;
  strategy: 'SKIP' | 'OVERWRITE_DESTRUCTIVE';
  includeIdentityOverrides: boolean;
  dryRun: boolean;
  /** Every environment the file names → its id in the target (the export service created the missing ones first). */
  environmentIds: Record<string, number>;
  /** The names among them the export service created for this import: counted as created, not as found. */
  createdEnvironments?: string[];
}

export interface ApplyImportResponse {
  plan: ImportPlan;
  result_summary: ImportPlan['result_summary'];
  /**
   * Step lists left out of `plan` (their lengths) because the whole plan would not fit in one NATS message (a
   * 5,000-feature × 10-environment plan is ~20 MB): `feature_states` first, then `features`, `segments`, `tags`.
   * `result_summary` always counts every step.
   */
  omitted?: Partial<Record<'tags' | 'segments' | 'features' | 'feature_states', number>>;
}

export interface DiscardImportRequest {
  importId: string;
  projectId: number;
}

/**
 * Where an import stands in the entities service: `applied` (its record, as `applyImport` answers it) once its append
 * committed; `applying` while an instance works on it. Neither: no living instance has it — the call was lost.
 */
export type ImportProgressRequest = DiscardImportRequest;

export interface ImportProgressResponse {
  applied: ApplyImportResponse | null;
  applying: boolean;
}

/** Subject → request and response payload. */
export interface EntitiesTransferRpc {
  'entities.transfer.exportPage': { request: ExportPageRequest; response: ExportPageResponse };
  'entities.transfer.stageImport': { request: StageImportRequest; response: { staged: number } };
  'entities.transfer.applyImport': { request: ApplyImportRequest; response: ApplyImportResponse };
  'entities.transfer.discardImport': { request: DiscardImportRequest; response: Record<string, never> };
  'entities.transfer.importProgress': { request: ImportProgressRequest; response: ImportProgressResponse };
}
