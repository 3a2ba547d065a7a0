import { eventStreamName } from '@strata/contracts';
import { Database } from '@strata/database';
import { IntegrationKit } from './integration-kit';

describe('IntegrationKit', () => {
  it('gives each run its own schemas and streams and leaves nothing behind', async () => {
    const a = IntegrationKit.create();
    const b = IntegrationKit.create();
    expect(a.schema('projects')).not.toEqual(b.schema('projects'));
    expect(a.natsPrefix).not.toEqual(b.natsPrefix);

    const db = await a.database('projects');
    await db.query('CREATE TABLE notes (id int)');
    const jsm = await (await a.nats()).jetstreamManager();
    const stream = eventStreamName('projects', a.natsPrefix);
    await jsm.streams.add({ name: stream, subjects: [`${a.natsPrefix}events.projects.>`] });

    await a.cleanup();
    await b.cleanup();

    const admin = new Database({ url: a.databaseUrl, schema: 'public', poolSize: 1 });
    const left = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [db.schema]);
    await admin.close();
    const probe = IntegrationKit.create();
    const names: string[] = [];
    for await (const name of (await (await probe.nats()).jetstreamManager()).streams.names()) names.push(name);
    await probe.cleanup();

    expect(left).toEqual([]);
    expect(names).not.toContain(stream);
  });
});
