import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { entities, ValidationError } from '@strata/contracts';
import { SERVICE_CONFIG, Shutdown } from '@strata/service-kit';
import type { GatewayConfig } from '../gateway.config';
import { ServiceClient } from '../service-client';

/**
 * Flagsmith's evaluation counts (`POST /api/v1/analytics/flags/`, SPEC §4.5), aggregated in this process per flag,
 * environment and hour and written as batches (`entities.flagEvaluations.record`) every `ANALYTICS_FLUSH_MS` and at a
 * graceful shutdown — never a database write per request. A batch keeps its id until it is acknowledged, so one sent
 * again after a lost reply adds nothing; a crash loses what was counted since the last flush.
 */

/** `{<feature name>: <count>}`: an object of whole numbers ≥ 0, else 400 and nothing counted. */
export function analyticsBodyOf(body: unknown): Map<string, number> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The body must be a JSON object {<feature name>: <count>}.', null);
  const counts = new Map<string, number>();
  for (const [name, count] of Object.entries(body)) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw new ValidationError('Each count is a whole number of evaluations, 0 or more.', name);
    if (count > 0) counts.set(name, count);
  }
  return counts;
}

/** The start of the hour `at` falls in, as the counts are kept. */
export function hourOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();
}

@Injectable()
export class EvaluationCounter implements OnModuleDestroy {
  private counts = new Map<string, entities.EvaluationCount>();
  /** Batches taken from `counts` and not yet acknowledged, sent again with the same id. */
  private readonly unsent: entities.RecordEvaluationsRequest[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly logger = new Logger('EvaluationCounter');

  constructor(
    private readonly client: ServiceClient,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
    shutdown: Shutdown,
  ) {
    this.timer = setInterval(() => void this.flush(), config.ANALYTICS_FLUSH_MS);
    this.timer.unref();
    // After HTTP stops taking requests, before NATS closes.
    shutdown.onStop('workers', 'evaluation counts', () => this.flush());
  }

  add(environmentId: number, flagId: string, count: number, at = new Date()): void {
    const hour = hourOf(at);
    const key = `${flagId}|${environmentId}|${hour}`;
    const held = this.counts.get(key);
    if (held === undefined) this.counts.set(key, { flagId, environmentId, hour, count });
    else held.count += count;
  }

  /** Writes what is held; one flush at a time, a call during one waits for it and then writes what came since. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    this.flushing = this.writeHeld().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async writeHeld(): Promise<void> {
    const taken = [...this.counts.values()];
    this.counts = new Map();
    for (let i = 0; i < taken.length; i += entities.MAX_EVALUATION_COUNTS) {
      this.unsent.push({ batchId: randomUUID(), counts: taken.slice(i, i + entities.MAX_EVALUATION_COUNTS) });
    }
    while (this.unsent.length > 0) {
      try {
        await this.client.call(entities.EntitiesSubjects.recordEvaluations, this.unsent[0]);
        this.unsent.shift();
      } catch (error) {
        this.logger.warn(`evaluation counts not written (${String(error)}); ${this.unsent.length} batch(es) kept for the next flush`);
        return;
      }
    }
  }
}
