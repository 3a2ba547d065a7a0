import { exportJobs } from '@strata/contracts';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import { ExportJobDto, ExportJobPageDto, ImportJobDto, ImportJobSummaryPageDto, JobCreatedDto } from './export.dtos';

const S = exportJobs.ExportJobsSubjects;
const { http } = exportJobs;

/**
 * Export and import of a project's flag setup (SPEC §6), admins only. Both run as jobs: 202 with the job, then polled.
 * The download streams the file (`export-download.controller.ts`); an import's request is read as it arrives and its
 * file passed on in pieces before the job is asked for (`import-upload.controller.ts`).
 */
export const EXPORT_ROUTES: RouteGroup = {
  name: 'ExportImport',
  tag: 'export and import',
  prefixes: ['api/v2/projects'],
  routes: [
    route({
      name: 'createExport', method: 'post', path: ':project_id/exports/', summary: 'Start an export of the project’s flag setup (202 with the job)',
      params: { project_id: pathId }, query: IGNORED, body: http.createExport, subject: S.createExport,
      request: ({ principal, params, body }) => ({ principal, projectId: params.project_id, includeIdentityOverrides: body.include_identity_overrides }),
      answer: (job) => job, status: 202, response: JobCreatedDto, errors: [400, 403, 404],
    }),
    route({
      name: 'listExports', method: 'get', path: ':project_id/exports/', summary: 'The project’s export jobs, newest first',
      params: { project_id: pathId }, query: http.listJobs, body: IGNORED, subject: S.listExports,
      request: ({ principal, params, query }) => ({ principal, projectId: params.project_id, page: { limit: query.limit, offset: query.offset } }),
      answer: 'page', response: ExportJobPageDto, errors: [400, 403, 404],
    }),
    route({
      name: 'getExport', method: 'get', path: ':project_id/exports/:id', summary: 'An export job: PROCESSING, SUCCESS or FAILED',
      params: { project_id: pathId, id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.getExport,
      request: ({ principal, params }) => ({ principal, projectId: params.project_id, jobId: params.id }),
      answer: (job) => job, response: ExportJobDto, errors: [403, 404],
    }),
    route({
      name: 'listImports', method: 'get', path: ':project_id/imports/', summary: 'The project’s import jobs, newest first, each with its counts (a dry run’s plan from the job itself)',
      params: { project_id: pathId }, query: http.listJobs, body: IGNORED, subject: S.listImports,
      request: ({ principal, params, query }) => ({ principal, projectId: params.project_id, page: { limit: query.limit, offset: query.offset } }),
      answer: 'page', response: ImportJobSummaryPageDto, errors: [400, 403, 404],
    }),
    route({
      name: 'getImport', method: 'get', path: ':project_id/imports/:id', summary: 'An import job with its result summary (and, for a dry run, the plan)',
      params: { project_id: pathId, id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.getImport,
      request: ({ principal, params }) => ({ principal, projectId: params.project_id, jobId: params.id }),
      answer: (job) => job, response: ImportJobDto, errors: [403, 404],
    }),
  ],
};
