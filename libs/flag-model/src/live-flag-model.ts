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
  private readonly listeners = new Set<() => void>();
  private notifying = false;

  /** Restores `snapshot` (the model's name in the service's own schema), replays the tail, follows live. */
  async start(service: StartedService<ModelFeedConfig>, snapshot: string): Promise<void> {
    const options = { model: snapshot, formatVersion: FLAGS_MODEL_FORMAT_VERSION, state: this.model, follows: flagsModelFollows(this.model) };
    this.feed = await runModelFeed(service, { ...options, onApplied: () => this.applied() });
  }

  /**
   * Calls `listener` once after each burst of applied events — a turn of the event loop, however many events it
   * applied — so a watcher compares versions once per burst, never per event. Returns the way to stop.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves `true` once `holds()` — asked now and after each burst of changes — or `false` after `ms`. */
  until(holds: () => boolean, ms: number): Promise<boolean> {
    if (holds()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (held: boolean) => {
        stop();
        clearTimeout(timer);
        resolve(held);
      };
      const stop = this.onChange(() => holds() && finish(true));
      const timer = setTimeout(() => finish(false), ms);
    });
  }

  digest(): flags.ModelDigest {
    return flagsModelDigest(this.model, this.feed);
  }

  private applied(): void {
    if (this.notifying || this.listeners.size === 0) return;
    this.notifying = true;
    setImmediate(() => {
      this.notifying = false;
      for (const listener of this.listeners) listener();
    });
  }
}
