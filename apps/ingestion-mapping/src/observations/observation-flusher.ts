import { Logger } from '@nestjs/common';
import { taxonomy } from '@strata/contracts';
import type { RpcClient } from '@strata/messaging';
import type { ObservationBatcher } from '../domain';

export interface ObservationFlusherOptions {
  batcher: ObservationBatcher;
  client: RpcClient;
  intervalMs?: number;
  /** Names and properties per request: keeps a report of a very wide project under NATS's payload limit. */
  maxPerRequest?: number;
}

/**
 * Sends what the batcher gathered to taxonomy (`taxonomy.observations.record`) about once a second and once more at
 * shutdown, off the resolve path. A report taxonomy did not take goes back to the batcher for the next round, so a
 * taxonomy outage delays definitions but loses none.
 */
export class ObservationFlusher {
  private readonly logger = new Logger('ObservationFlusher');
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Definition writes taxonomy reported, for diagnostics and the benchmark. */
  written = 0;

  constructor(private readonly options: ObservationFlusherOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** One flush at a time: a slow taxonomy never gets overlapping reports of one project. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async send(): Promise<void> {
    const { batcher, client } = this.options;
    const batches = batcher.drain().flatMap((batch) => split(batch, this.options.maxPerRequest ?? 2_000));
    const failed: taxonomy.RecordObservationsRequest[] = [];
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const { written } = await client.request<taxonomy.RecordObservationsResponse>(taxonomy.TaxonomySubjects.recordObservations, batch);
          this.written += written;
        } catch (error) {
          failed.push(batch);
          this.logger.warn(`observations of project ${batch.projectId} not recorded, kept for the next flush: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    if (failed.length > 0) batcher.requeue(failed);
  }
}

function split(batch: taxonomy.RecordObservationsRequest, max: number): taxonomy.RecordObservationsRequest[] {
  if (batch.eventNames.length + batch.properties.length <= max) return [batch];
  const parts: taxonomy.RecordObservationsRequest[] = [];
  for (let i = 0; i < batch.eventNames.length; i += max) parts.push({ ...batch, eventNames: batch.eventNames.slice(i, i + max), properties: [] });
  for (let i = 0; i < batch.properties.length; i += max) parts.push({ ...batch, eventNames: [], properties: batch.properties.slice(i, i + max) });
  return parts;
}
