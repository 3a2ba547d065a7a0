import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { AdoptionModule } from './adoption/adoption.module';
import { AccountsModule } from './accounts/accounts.module';
import { HistoryModule } from './history/history.handlers';
import { ProjectEnvironmentsModule } from './projects/project-environments.module';

/** The projects service: organizations, users, memberships, personal API keys, projects, environments, settings, SDK keys and access grants (SPEC §2). */
@Module({ imports: [AccountsModule, ProjectEnvironmentsModule, AccessModule, AdoptionModule, HistoryModule] })
export class ProjectsModule {}
