import type { Counts, ImportPlan, ImportStrategy, PlanSection } from '../export';
import type { PageRequest } from '../common/messages';
import type { Principal } from '../projects/principal';

/** SPEC §6's lifecycle of export and import jobs: PROCESSING until the worker records how it ended. */
export type JobStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

interface Acting {
  principal: Principal;
}

export interface CreateExportRequest extends Acting {
  projectId: number;
  includeIdentityOverrides: boolean;
}

export interface JobCreated {
  id: string;
  status: JobStatus;
}

export interface GetJobRequest extends Acting {
  projectId: number;
  jobId: string;
}

/** `GET /api/v2/projects/:project_id/exports/` and `…/imports/`: a project's jobs, newest first. */
export interface ListJobsRequest extends Acting {
  projectId: number;
  page: PageRequest;
}

/** `GET /api/v2/projects/:project_id/exports/:id` */
export interface ExportJob {
  id: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

export type ResultSummary = Record<PlanSection, Counts>;

/** `GET /api/v2/projects/:project_id/imports/:id`: the plan only for a dry run. */
export interface ImportJob extends ExportJob {
  strategy: ImportStrategy;
  dry_run: boolean;
  result_summary: ResultSummary | null;
  plan: ImportPlan | null;
}

/** An import job in a list: its plan (a dry run's, possibly thousands of rows) only from the job itself. */
export type ImportJobSummary = Omit<ImportJob, 'plan'>;

/** The file leaves in pieces that each fit one NATS message; the gateway streams them in order. */
export interface DownloadExportRequest extends GetJobRequest {
  chunk: number;
}

export interface DownloadExportResponse {
  chunk: number;
  chunks: number;
  text: string;
}

/**
 * An import file enters the export service in pieces that each fit one NATS message (a file may be 64 MiB, a message
 * 1 MiB), sent as they arrive under an upload id the caller picks; `createImport` then names the upload and says how
 * many pieces and bytes it has.
 */
export interface UploadImportRequest extends Acting {
  uploadId: string;
  chunk: number;
  /** UTF-8 bytes of the file before this piece: a piece that takes the file over the limit is refused (413) at once. */
  offset: number;
  text: string;
}

export interface UploadImportResponse {
  received: number;
}

export interface CreateImportRequest extends Acting {
  projectId: number;
  uploadId: string;
  strategy: ImportStrategy;
  dryRun: boolean;
  /** The upload's pieces and its size in UTF-8 bytes, as sent. */
  chunks: number;
  bytes: number;
}
