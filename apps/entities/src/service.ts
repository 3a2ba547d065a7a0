import { ConflictError } from '@strata/contracts';
import type { EventSourcedServiceOptions } from '@strata/service-kit';
import { entitiesModule } from './entities.module';
import { entitiesProjection } from './entities/entities.projection';
import { flagsProjection } from './flags/flags.projection';
import { activityProjection } from './history/activity.projection';
import { FLAG_KEY_UNIQUE, TAG_LABEL_UNIQUE, entitiesMigrations } from './migrations';
import { projectsConsumer, removalsProjection } from './projects-feed/removals';
import { tagsProjection } from './tags/tags.projection';

/** How the entities service runs: shared by `main.ts` and the specs that start it in-process. */
export const entitiesService: EventSourcedServiceOptions = {
  name: 'entities',
  defaults: { PORT: '8003' },
  module: () => entitiesModule,
  migrations: entitiesMigrations,
  projections: [entitiesProjection, tagsProjection, removalsProjection, flagsProjection, activityProjection],
  uniqueConflicts: {
    [FLAG_KEY_UNIQUE]: () => new ConflictError('A flag with this key already exists in this project.', 'duplicate_key', 'key'),
  },
  consumers: async ({ nats, database, store, config }) => [await projectsConsumer({ nc: nats, db: database, store, prefix: config.NATS_PREFIX })],
};

/** Two creations of one new tag label race on the index; the loser decides again and finds the winner's tag. */
export const TAG_RACE = TAG_LABEL_UNIQUE;
