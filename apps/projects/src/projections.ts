import type { InlineProjection } from '@strata/eventstore';
import { apiKeysProjection, organizationsProjection, usersProjection } from './accounts/accounts.projection';
import { adoptionsProjection } from './adoption/adoptions.projection';
import { projectsActivityProjection } from './history/activity';
import { projectsProjection } from './projects/projects.projection';

/** Every read model of the service; each is rebuilt from the log by `main.js rebuild [name …]`. */
export const projectsProjections: readonly InlineProjection[] = [organizationsProjection, usersProjection, apiKeysProjection, projectsProjection, adoptionsProjection, projectsActivityProjection];
