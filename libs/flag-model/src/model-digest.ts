import { hostname } from 'node:os';
import type { flags } from '@strata/contracts';
import { modelDigest, type ModelFeed } from '@strata/service-kit';
import type { FlagsModel } from './flags-model';

const INSTANCE = `${hostname()}:${process.pid}`;

/** Two instances (or one before and after a restart) with equal digests answer every evaluation alike. */
export function flagsModelDigest(model: FlagsModel, feed: ModelFeed | undefined): flags.ModelDigest {
  const { version: _counter, ...content } = model.capture();
  const start = feed?.startedFrom;
  return {
    environments: model.environments.size,
    flags: model.flags.size,
    digest: modelDigest(content),
    caughtUp: feed?.isCaughtUp ?? false,
    instance: INSTANCE,
    ...(start === undefined ? {} : { start: { from: start.from, replayed: start.replayed, ms: start.ms } }),
  };
}
