import { runEventSourcedService } from '@strata/service-kit';
import { TaxonomyModule } from './taxonomy.module';

void runEventSourcedService({
  name: 'taxonomy',
  defaults: { PORT: '8002' },
  module: () => TaxonomyModule,
});
