import type { entities } from '@strata/contracts';
import { atVersion, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';

/**
 * The record that a job's changes were applied (an import, an adoption): a stream of one event, appended in the same
 * append as the changes and only where no stream is yet, so a job that resumes after that append committed reads what
 * was done instead of doing it twice — and two attempts racing meet on the stream and only one append stands.
 */

type Record = entities.ImportApplied | entities.EntitiesAdopted;

export function recordApplied<R extends Record>(stream: string, event: R): StreamCommand<null, R> {
  return atVersion(stream, 'no_stream', [event]);
}

export async function appliedRecord<R extends Record>(store: PostgresEventStore, stream: string): Promise<R['data'] | undefined> {
  const record = await store.aggregateStream<R['data'] | undefined, R>(stream, { initialState: () => undefined, evolve: (recorded, event) => recorded ?? event.data });
  return record.state;
}
