import type { CoversSubjects, RequestOf, ResponseOf, SubjectOf } from '../common/rpc';
import type { TextPage } from '../common/messages';
import type * as M from './messages';

/** `export.<verb>` request/reply subjects of the export service (SPEC §6). */
export const ExportJobsSubjects = {
  createExport: 'export.exports.create',
  getExport: 'export.exports.get',
  listExports: 'export.exports.list',
  downloadExport: 'export.exports.download',
  uploadImport: 'export.imports.upload',
  createImport: 'export.imports.create',
  getImport: 'export.imports.get',
  listImports: 'export.imports.list',
} as const;

export type ExportJobsSubject = SubjectOf<typeof ExportJobsSubjects>;

export interface ExportJobsRpc {
  'export.exports.create': { request: M.CreateExportRequest; response: M.JobCreated };
  'export.exports.get': { request: M.GetJobRequest; response: M.ExportJob };
  'export.exports.list': { request: M.ListJobsRequest; response: TextPage<M.ExportJob> };
  'export.exports.download': { request: M.DownloadExportRequest; response: M.DownloadExportResponse };
  'export.imports.upload': { request: M.UploadImportRequest; response: M.UploadImportResponse };
  'export.imports.create': { request: M.CreateImportRequest; response: M.JobCreated };
  'export.imports.get': { request: M.GetJobRequest; response: M.ImportJob };
  'export.imports.list': { request: M.ListJobsRequest; response: TextPage<M.ImportJobSummary> };
}

export type ExportJobsRequest<S extends ExportJobsSubject> = RequestOf<ExportJobsRpc, S>;
export type ExportJobsResponse<S extends ExportJobsSubject> = ResponseOf<ExportJobsRpc, S>;

// Fails to compile when a subject has no entry in ExportJobsRpc or vice versa.
true satisfies CoversSubjects<ExportJobsSubject, ExportJobsRpc>;
