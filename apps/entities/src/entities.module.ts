import { Module } from '@nestjs/common';

/** The entities service: the nine entity kinds, their dependencies, tags, flag state per environment, segment and identity overrides (SPEC §2). Its features are added module by module. */
@Module({})
export class EntitiesModule {}
