// A relay in a process of its own, for the test that SIGKILLs it mid-stream. Configured by environment variables.
import { Database } from '@strata/database';
import { connect } from 'nats';
import { OutboxRelay } from '../relay/outbox-relay';

async function main(): Promise<void> {
  const env = (name: string): string => process.env[name] ?? '';
  const db = new Database({ url: env('RELAY_DATABASE_URL'), schema: env('RELAY_SCHEMA'), poolSize: 3 });
  const nats = await connect({ servers: env('RELAY_NATS_URL') });
  const relay = new OutboxRelay({ db, nats, service: 'projects', prefix: env('RELAY_PREFIX'), batchSize: Number(env('RELAY_BATCH_SIZE')) });
  relay.start();
  process.stdout.write('started\n');
}

void main();
