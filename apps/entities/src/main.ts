import { runEventSourcedService } from '@strata/service-kit';
import { EntitiesModule } from './entities.module';

void runEventSourcedService({
  name: 'entities',
  defaults: { PORT: '8003' },
  module: () => EntitiesModule,
});
