import { Module } from '@nestjs/common';

/** The ingestion-mapping service: the ingestion hot path's read model: token → environment → project, group type → index (SPEC §2). Its features are added module by module. */
@Module({})
export class IngestionMappingModule {}
