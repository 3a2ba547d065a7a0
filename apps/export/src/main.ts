import { runEventSourcedService } from '@strata/service-kit';
import { exportConfigSchema } from './config';
import { ExportModule } from './export.module';
import { exportProjections } from './jobs/jobs.projection';
import { exportMigrations, uniqueConflicts } from './jobs/migrations';
import { JobWorker } from './worker/job-worker';

void runEventSourcedService({
  name: 'export',
  configSchema: exportConfigSchema,
  defaults: { PORT: '8005' },
  module: () => ExportModule,
  migrations: exportMigrations,
  projections: exportProjections,
  uniqueConflicts,
  onStart: ({ app, shutdown }) => {
    const worker = app.get(JobWorker);
    worker.start();
    shutdown.onStop('workers', 'job worker', () => worker.stop());
  },
});
