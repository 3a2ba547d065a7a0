import { Module } from '@nestjs/common';

/** The projects service: organizations, users, memberships, personal API keys, projects, environments, settings, SDK keys and access grants (SPEC §2). Its features are added module by module. */
@Module({})
export class ProjectsModule {}
