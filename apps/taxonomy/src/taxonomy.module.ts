import { Module } from '@nestjs/common';

/** The taxonomy service: group type mappings, event and property definitions, per project (SPEC §2). Its features are added module by module. */
@Module({})
export class TaxonomyModule {}
