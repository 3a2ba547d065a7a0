import type { ImportPlan, ImportStrategy } from '../export';
import type { Principal } from '../projects/principal';
import type { ResultSummary } from './messages';

/**
 * Events of the export service's job streams (`export-job-<uuid>`, `import-job-<uuid>`): Requested, then Completed
 * or Failed. The principal travels in the request so a resumed job acts with the same rights as the one who asked.
 */
export type ExportJobEvent =
  | {
      type: 'ExportRequested';
      data: { jobId: string; projectId: number; principal: Principal; includeIdentityOverrides: boolean; requestedAt: string };
    }
  | { type: 'ExportCompleted'; data: { jobId: string; projectId: number; bytes: number; chunks: number; finishedAt: string } }
  | { type: 'ExportFailed'; data: { jobId: string; projectId: number; error: string; finishedAt: string } };

export type ImportJobEvent =
  | {
      type: 'ImportRequested';
      data: {
        jobId: string;
        projectId: number;
        principal: Principal;
        uploadId: string;
        strategy: ImportStrategy;
        dryRun: boolean;
        bytes: number;
        requestedAt: string;
      };
    }
  | { type: 'ImportCompleted'; data: { jobId: string; projectId: number; resultSummary: ResultSummary; plan: ImportPlan | null; finishedAt: string } }
  | { type: 'ImportFailed'; data: { jobId: string; projectId: number; error: string; finishedAt: string } };

export type ExportServiceEvent = ExportJobEvent | ImportJobEvent;
