import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { exportJobs, NotFoundError, type projects } from '@strata/contracts';
import { named } from '../api/entity-bodies';
import { ApiController, Caller } from '../auth/request-context';
import { ApiErrors, collection } from '../http/routes';
import { StreamedBody } from '../http/streamed-body';
import { pathId } from '../routes/define';
import { ServiceClient } from '../service-client';
import { JobCreatedDto } from './export.dtos';
import { uploadImport } from './import-upload';

const S = exportJobs.ExportJobsSubjects;

/**
 * `POST /api/v2/projects/:project_id/imports/` (SPEC §6), admins only: the body is read as it arrives and the file
 * passed on in pieces (`import-upload.ts`), then the export service validates it — an invalid file is refused before
 * any job (400, every problem with its JSON path), a second running import is 409 — and answers the job (202).
 */
@ApiController('export and import', 'api/v2/projects')
export class ImportUploadController {
  constructor(private readonly client: ServiceClient) {}

  @Post(collection(':project_id/imports'))
  @StreamedBody.route()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'ExportImport_createImport',
    summary: 'Start an import (202 with the job); an invalid file is refused first (400, every problem with its JSON path), a second running import is 409',
  })
  @ApiParam({ name: 'project_id', required: true, schema: { type: 'integer' } })
  @ApiBody({ type: named(exportJobs.http.createImport, 'ExportImport_createImport_body') })
  @ApiResponse({ status: 202, type: JobCreatedDto })
  @ApiErrors(400, 403, 404, 409, 413)
  async createImport(@Caller() principal: projects.Principal, @Param('project_id') projectParam: string, @Body() body: unknown): Promise<exportJobs.JobCreated> {
    const projectId = pathId.safeParse(projectParam);
    if (!projectId.success) throw new NotFoundError();
    if (!(body instanceof StreamedBody)) throw new Error('the import route reads its body as a stream');
    const { uploadId, chunks, bytes, fields } = await uploadImport(this.client, principal, body.stream);
    return this.client.call(S.createImport, { principal, projectId: projectId.data, uploadId, strategy: fields.strategy, dryRun: fields.dry_run, chunks, bytes });
  }
}
