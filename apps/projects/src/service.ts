import { ConflictError } from '@strata/contracts';
import type { EventSourcedServiceOptions } from '@strata/service-kit';
import { projectsConfigSchema } from './config';
import { projectsMigrations } from './migrations';
import { projectsProjections } from './projections';
import { ProjectsModule } from './projects.module';

/** How the projects service runs: shared by `main.ts` and the integration specs that start it in-process. */
export const projectsService: EventSourcedServiceOptions<typeof projectsConfigSchema> = {
  name: 'projects',
  configSchema: projectsConfigSchema,
  defaults: { PORT: '8001' },
  module: () => ProjectsModule,
  migrations: projectsMigrations,
  projections: projectsProjections,
  // The backstops of rules across streams: two signups with one email, two environments named alike.
  uniqueConflicts: {
    users_email_unique: () => new ConflictError('A user with this email already exists.', 'email_taken', 'email'),
    environments_name_unique: () => new ConflictError('An environment with this name already exists in this project.', 'duplicate_name', 'name'),
  },
};
