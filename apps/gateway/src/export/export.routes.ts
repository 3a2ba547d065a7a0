import { randomUUID } from 'node:crypto';
import { exportJobs, textPieces, type projects } from '@strata/contracts';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { ServiceClient } from '../service-client';
import { ExportJobDto, ExportJobPageDto, ImportJobDto, ImportJobSummaryPageDto, JobCreatedDto } from './export.dtos';

const S = exportJobs.ExportJobsSubjects;
const { http } = exportJobs;

/**
 * Export and import of a project's flag setup (SPEC §6), admins only. Both run as jobs: 202 with the job, then polled.
 * The download streams the file (`export-download.controller.ts`); an import file travels to the export service in
 * message-sized pieces before the job is asked for, and is validated there whole before any job exists.
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
      name: 'createImport', method: 'post', path: ':project_id/imports/',
      summary: 'Start an import (202 with the job); an invalid file is refused first (400, every problem with its JSON path), a second running import is 409',
      params: { project_id: pathId }, query: IGNORED, body: http.createImport, subject: S.createImport,
      request: async ({ principal, params, body, sentBytes }, client) => ({
        principal,
        projectId: params.project_id,
        uploadId: await upload(client, principal, typeof body.data === 'string' ? body.data : JSON.stringify(body.data)),
        strategy: body.strategy,
        dryRun: body.dry_run,
        // A file sent as a JSON value is the body less a few bytes of envelope: the body's size is the file's as sent.
        ...(typeof body.data === 'string' ? {} : { sentBytes }),
      }),
      answer: (job) => job, status: 202, response: JobCreatedDto, errors: [400, 403, 404, 409, 413],
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

/** Pieces in flight at once: enough to keep the export service busy, few enough that their messages are not all in memory. */
const PIECES_IN_FLIGHT = 8;

/** The file's text in pieces that each fit one NATS message, a few sent at a time; answers the upload's id. */
async function upload(client: ServiceClient, principal: projects.Principal, text: string): Promise<string> {
  const uploadId = randomUUID();
  // Never between the halves of a surrogate pair, which Postgres would store as U+FFFD.
  const pieces = textPieces(text, { maxChars: exportJobs.TRANSFER_CHUNK_CHARS });
  const chunks = pieces.length;
  let next = 0;
  const sender = async () => {
    for (let chunk = next++; chunk < chunks; chunk = next++) {
      await client.call(S.uploadImport, { principal, uploadId, chunk, chunks, text: pieces[chunk] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PIECES_IN_FLIGHT, chunks) }, sender));
  return uploadId;
}
