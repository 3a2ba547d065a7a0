import { runEventSourcedService } from '@strata/service-kit';
import { IngestionMappingModule } from './ingestion-mapping.module';

void runEventSourcedService({
  name: 'ingestion-mapping',
  defaults: { PORT: '8004' },
  module: () => IngestionMappingModule,
});
