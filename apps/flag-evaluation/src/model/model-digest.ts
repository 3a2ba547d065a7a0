import { hostname } from 'node:os';
import type { flags } from '@strata/contracts';
import { modelDigest } from '@strata/service-kit';
import type { FlagsModel } from './flags-model';

const INSTANCE = `${hostname()}:${process.pid}`;

/** Two instances (or one before and after a restart) with equal digests answer every evaluation alike. */
export function flagsModelDigest(model: FlagsModel, caughtUp: boolean): flags.ModelDigest {
  const { version: _counter, ...content } = model.capture();
  return { environments: model.environments.size, flags: model.flags.size, digest: modelDigest(content), caughtUp, instance: INSTANCE };
}
