import type { z } from 'zod';
import { baseConfigSchema } from '../config/config';
import { envVar } from '../config/env-vars';
import type { StartedService } from '../lifecycle/start-service';
import { modelAge } from '../ops/model-age';
import { ModelFeed, type ModelFeedOptions } from './model-feed';

/** What a service keeping an in-memory model reads: how often its snapshot is written (both must have passed). */
export const modelFeedConfigSchema = baseConfigSchema.extend({
  MODEL_SNAPSHOT_EVERY_EVENTS: envVar.int(1).prefault('10000'),
  MODEL_SNAPSHOT_EVERY_MS: envVar.int(100).prefault('30000'),
});
export type ModelFeedConfig = z.output<typeof modelFeedConfigSchema>;

/**
 * The start of an in-memory service's model, one way for every such service: restore the snapshot, replay the tail,
 * report it (readiness probe `model` and a log line), snapshot periodically, stop with the workers. Resolves once
 * caught up; the service answers requests only after that (its RPC server starts after `onStart`).
 */
export async function runModelFeed(
  service: StartedService<ModelFeedConfig>,
  options: Pick<ModelFeedOptions, 'model' | 'formatVersion' | 'state' | 'follows' | 'onApplied'>,
): Promise<ModelFeed> {
  const { nats, config, database, logger, readiness, shutdown, metrics } = service;
  const age = modelAge(metrics);
  const feed = new ModelFeed({
    ...options,
    nc: nats,
    prefix: config.NATS_PREFIX,
    database,
    logger,
    snapshotEvery: { events: config.MODEL_SNAPSHOT_EVERY_EVENTS, ms: config.MODEL_SNAPSHOT_EVERY_MS },
    onApplied: () => {
      age.applied();
      options.onApplied?.();
    },
  });
  readiness.register('model', async () => {
    if (!feed.isCaughtUp) throw new Error(`replaying the ${[...new Set(options.follows.map((one) => one.source))].join(' and ')} streams`);
    return { applied: feed.applied, start: feed.startedFrom };
  });
  shutdown.onStop('workers', 'model feed', () => feed.stop());
  const start = await feed.run();
  logger.info({ model: options.model, ...start }, `model caught up from ${start.from === 'snapshot' ? 'its snapshot and the tail after it' : 'a full replay'}`);
  return feed;
}
