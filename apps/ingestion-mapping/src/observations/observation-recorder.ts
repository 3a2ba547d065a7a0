import type { ingestion, taxonomy } from '@strata/contracts';
import { uuidv7, type PostgresEventStore, type StreamAppend } from '@strata/eventstore';
import type { ObservationBatcher } from '../domain';

/** Names and properties per event: keeps the report of a very wide project well under one NATS message. */
const MAX_PER_EVENT = 2_000;

/**
 * Makes what the batcher gathered durable before the resolve that saw it answers: the pending reports are appended
 * to the mapper's event store as `DefinitionsObserved` (the outbox relay publishes them; taxonomy consumes them
 * idempotently). A mapper killed right after answering has lost nothing. Only never-seen names get here: a batch of
 * known names is answered without waiting for anything.
 *
 * Appends are coalesced: one runs at a time and takes everything pending; a resolve waits until an append has
 * covered the reports that were pending when it finished (`addedCount`), whoever drained them.
 */
export class ObservationRecorder {
  private recordedUpTo = 0;
  private appending?: Promise<void>;

  constructor(
    private readonly batcher: ObservationBatcher,
    private readonly store: PostgresEventStore,
  ) {}

  /** Whether a resolve that finished now has nothing to wait for. */
  get isUpToDate(): boolean {
    return this.recordedUpTo >= this.batcher.addedCount;
  }

  /** Resolves once every report added so far is stored; rejects when the store refused (nothing is lost: retried). */
  async recordPending(): Promise<void> {
    const target = this.batcher.addedCount;
    while (this.recordedUpTo < target) {
      this.appending ??= this.appendPending().finally(() => (this.appending = undefined));
      await this.appending;
    }
  }

  private async appendPending(): Promise<void> {
    const upTo = this.batcher.addedCount;
    const reports = this.batcher.drain().flatMap((report) => split(report, MAX_PER_EVENT));
    try {
      if (reports.length > 0) await this.store.appendToStreams(reports.map(observed));
    } catch (error) {
      this.batcher.requeue(reports);
      throw error;
    }
    this.recordedUpTo = Math.max(this.recordedUpTo, upTo);
  }
}

function observed(report: taxonomy.RecordObservationsRequest): StreamAppend<ingestion.DefinitionsObserved> {
  return { streamId: `observed-${uuidv7()}`, expectedVersion: 'no_stream', events: [{ type: 'DefinitionsObserved', data: report }] };
}

function split(report: taxonomy.RecordObservationsRequest, max: number): taxonomy.RecordObservationsRequest[] {
  if (report.eventNames.length + report.properties.length <= max) return [report];
  const parts: taxonomy.RecordObservationsRequest[] = [];
  for (let i = 0; i < report.eventNames.length; i += max) parts.push({ ...report, eventNames: report.eventNames.slice(i, i + max), properties: [] });
  for (let i = 0; i < report.properties.length; i += max) parts.push({ ...report, eventNames: [], properties: report.properties.slice(i, i + max) });
  return parts;
}
