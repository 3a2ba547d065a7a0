import { Module } from '@nestjs/common';
import { otherServicesProvider } from './access/services';
import { ExportsHandlers } from './exports/exports.handlers';
import { ExportWriter } from './exports/export-writer';
import { ImportRunner } from './imports/import-runner';
import { ImportsHandlers } from './imports/imports.handlers';
import { JobWorker } from './worker/job-worker';

/** The export service: export and import jobs of a project's flag setup (SPEC §2, §6). */
@Module({
  controllers: [ExportsHandlers, ImportsHandlers],
  providers: [otherServicesProvider, ExportWriter, ImportRunner, JobWorker],
})
export class ExportModule {}
