import { runEventSourcedService } from '@strata/service-kit';
import { ProjectsModule } from './projects.module';

void runEventSourcedService({
  name: 'projects',
  defaults: { PORT: '8001' },
  module: () => ProjectsModule,
});
