import { runEventSourcedService } from '@strata/service-kit';
import { ExportModule } from './export.module';

void runEventSourcedService({
  name: 'export',
  defaults: { PORT: '8005' },
  module: () => ExportModule,
});
