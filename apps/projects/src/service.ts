import type { EventSourcedServiceOptions } from '@strata/service-kit';
import { projectsMigrations } from './migrations';
import { projectsProjections } from './projections';
import { ProjectsModule } from './projects.module';

/** How the projects service runs: shared by `main.ts` and the integration specs that start it in-process. */
export const projectsService: EventSourcedServiceOptions = {
  name: 'projects',
  defaults: { PORT: '8001' },
  module: () => ProjectsModule,
  migrations: projectsMigrations,
  projections: projectsProjections,
};
