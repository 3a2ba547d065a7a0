import { Readable } from 'node:stream';
import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { exportJobs, NotFoundError, type projects } from '@strata/contracts';
import { aheadInOrder } from '@strata/messaging';
import type { FastifyReply } from 'fastify';
import { ApiController, Caller } from '../auth/request-context';
import { ApiErrors } from '../http/routes';
import { pathId, pathUuid } from '../routes/define';
import { ServiceClient } from '../service-client';

const S = exportJobs.ExportJobsSubjects;

/**
 * `GET /api/v2/projects/:project_id/exports/:id/download` (SPEC §6): the file as an attachment, streamed piece by
 * piece as the export service keeps it, so a large file is never whole in the gateway's memory. 400 unless SUCCESS.
 */
@ApiController('export and import', 'api/v2/projects')
export class ExportDownloadController {
  constructor(private readonly client: ServiceClient) {}

  @Get(':project_id/exports/:id/download')
  @ApiOperation({ summary: 'The export file (version 1) of a finished export, as an attachment; 400 unless SUCCESS' })
  @ApiParam({ name: 'project_id', required: true, schema: { type: 'integer' } })
  @ApiParam({ name: 'id', required: true, schema: { type: 'string' } })
  @ApiProduces('application/json')
  @ApiResponse({ status: 200, description: 'the export file', schema: { type: 'object', additionalProperties: true } })
  @ApiErrors(400, 403, 404)
  async download(
    @Caller() principal: projects.Principal,
    @Param('project_id') projectParam: string,
    @Param('id') idParam: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable | string> {
    const projectId = pathId.safeParse(projectParam);
    const jobId = pathUuid.safeParse(idParam);
    if (!projectId.success || !jobId.success) throw new NotFoundError();
    const request = { principal, projectId: projectId.data, jobId: jobId.data };
    const first = await this.client.call(S.downloadExport, { ...request, chunk: 0 });
    void reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename=project_export.${jobId.data}.json`);
    if (first.chunks === 1) return first.text;
    const fetch = (chunk: number) => this.client.call(S.downloadExport, { ...request, chunk }).then((piece) => piece.text);
    return Readable.from(inOrder(first.text, first.chunks, fetch));
  }
}

/** Chunks fetched this many at a time: each is a round trip to the export service, which is mostly waiting. */
const CHUNKS_IN_FLIGHT = 8;

/** The first chunk, then the others fetched a few ahead and streamed in order. */
async function* inOrder(first: string, chunks: number, fetch: (chunk: number) => Promise<string>): AsyncGenerator<string> {
  yield first;
  yield* aheadInOrder(chunks - 1, (index) => fetch(index + 1), CHUNKS_IN_FLIGHT);
}
