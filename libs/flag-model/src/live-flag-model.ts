import type { flags } from '@strata/contracts';
import { type ModelFeed, type ModelFeedConfig, runModelFeed, type StartedService } from '@strata/service-kit';
import { FlagEvaluator } from './evaluator';
import { FLAGS_MODEL_FORMAT_VERSION, FlagsModel } from './flags-model';
import { flagsModelDigest } from './model-digest';
import { flagsModelFollows } from './model-feed';

/**
 * The flag model of one process with its evaluator, fed live from the projects and entities streams: the
 * flag-evaluation service (`flags.evaluate`) and the gateway's SDK routes each hold one, so an SDK answer never
 * leaves the process that received it.
 */
export class LiveFlagModel {
  readonly model = new FlagsModel();
  readonly evaluator = new FlagEvaluator(this.model);
  /** Set once the feed runs (before any request is served). */
  feed?: ModelFeed;

  /** Restores `snapshot` (the model's name in the service's own schema), replays the tail, follows live. */
  async start(service: StartedService<ModelFeedConfig>, snapshot: string): Promise<void> {
    this.feed = await runModelFeed(service, { model: snapshot, formatVersion: FLAGS_MODEL_FORMAT_VERSION, state: this.model, follows: flagsModelFollows(this.model) });
  }

  digest(): flags.ModelDigest {
    return flagsModelDigest(this.model, this.feed);
  }
}
