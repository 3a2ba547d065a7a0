import { Module } from '@nestjs/common';

/** The export service: export and import jobs of a project's flag setup (SPEC §2). Its features are added module by module. */
@Module({})
export class ExportModule {}
