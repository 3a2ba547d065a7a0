import { runEventSourcedService } from '@strata/service-kit';
import { entitiesService } from './service';

void runEventSourcedService(entitiesService);
