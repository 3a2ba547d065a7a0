import { runEventSourcedService } from '@strata/service-kit';
import { projectsService } from './service';

void runEventSourcedService(projectsService);
