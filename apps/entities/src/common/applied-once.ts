import { ConflictError, type entities } from '@strata/contracts';
import { onNewStream, type Decider, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';

/**
 * The record that a job's changes were applied (an import, an adoption): a stream of one event, appended in the same
 * append as the changes, so a job that resumes after that append committed reads what was done instead of doing it
 * twice — and two attempts racing meet on the stream and only one append stands.
 */

type Record = entities.ImportApplied | entities.EntitiesAdopted;
type Recorded = Record['data'] | undefined;
type RecordIt = { type: 'Record'; data: Record };

const appliedOnceDecider: Decider<Recorded, RecordIt, Record> = {
  initialState: () => undefined,
  evolve: (_state, event) => event.data,
  decide: (command, recorded) => {
    if (recorded !== undefined) throw new ConflictError('This was applied already.', 'already_applied');
    return [command.data];
  },
};

export function recordApplied(stream: string, event: Record): StreamCommand<Recorded, Record> {
  return onNewStream(appliedOnceDecider, stream, { type: 'Record', data: event });
}

export async function appliedRecord<R extends Record>(store: PostgresEventStore, stream: string): Promise<R['data'] | undefined> {
  const { events } = await store.readStream<R>(stream);
  return events[0]?.data;
}
