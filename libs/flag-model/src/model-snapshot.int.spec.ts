import { entities, projects } from '@strata/contracts';
import { migrate } from '@strata/database';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { discardSnapshot, ModelFeed, modelSnapshotMigrations, type ModelStart } from '@strata/service-kit';
import { RunningSystem, eventually } from '@strata/testing';
import type { NatsConnection } from 'nats';
import { FLAGS_MODEL_FORMAT_VERSION, FlagsModel } from './flags-model';
import { flagsModelDigest } from './model-digest';
import { flagsModelFollows } from './model-feed';

const E = entities.EntitiesSubjects;
const P = projects.ProjectsSubjects;
const MODEL = 'flag-evaluation';

describe('flag model snapshots', () => {
  const system = RunningSystem.forSpecs({ apps: ['projects', 'entities'] });
  let rpc: RpcClient;
  let nc: NatsConnection;
  let db: Database;
  let environment: projects.Environment;
  const feeds: ModelFeed[] = [];
  const logger = { info: () => undefined, warn: () => undefined };
  let flagCount = 0;

  beforeAll(async () => {
    nc = await system.kit.nats();
    rpc = new RpcClient({ nc, prefix: system.kit.natsPrefix });
    const account = await rpc.request<projects.SignupResponse>(P.signup, { email: `snapshots-${system.kit.runId}@example.com`, organizationName: 'Acme' });
    environment = account.environment;
    db = await system.kit.database('flag_model_snapshots');
    await migrate({ url: system.kit.databaseUrl, schema: db.schema, migrations: [...modelSnapshotMigrations] });
  });

  afterAll(async () => {
    for (const feed of feeds) await feed.stop();
    rpc?.close();
  });

  /** Flags with a state each: entities and flag-state events in the entities stream. */
  const addFlags = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const key = `flag-${++flagCount}`;
      await rpc.request(E.create, { in: { projectId: environment.project_id, environmentId: environment.id }, kind: 'feature_flag', fields: { key, default_enabled: i % 2 === 0 }, isProjectWide: true });
    }
  };

  /** A model fed from `name`'s snapshot (a name without one: from every event). */
  const startModel = async (options: { name?: string; formatVersion?: number } = {}): Promise<{ model: FlagsModel; feed: ModelFeed; start: ModelStart }> => {
    const model = new FlagsModel();
    const feed = new ModelFeed({
      nc,
      prefix: system.kit.natsPrefix,
      database: db,
      model: options.name ?? MODEL,
      formatVersion: options.formatVersion ?? FLAGS_MODEL_FORMAT_VERSION,
      state: model,
      follows: flagsModelFollows(model),
      // Written only when a spec asks: the specs decide what the snapshot covers.
      snapshotEvery: { events: Number.MAX_SAFE_INTEGER, ms: 3_600_000 },
      logger,
    });
    feeds.push(feed);
    return { model, feed, start: await feed.run() };
  };
  const digestOf = (model: FlagsModel) => flagsModelDigest(model, undefined).digest;
  const expectSameModels = (...models: FlagsModel[]) =>
    eventually(() => {
      expect(new Set(models.map((model) => model.flags.size))).toEqual(new Set([flagCount]));
      expect(new Set(models.map(digestOf)).size).toBe(1);
    });

  let live: { model: FlagsModel; feed: ModelFeed };

  it('restores the snapshot and replays only the events after it: the model equals one rebuilt from every event', async () => {
    await addFlags(10);
    live = await startModel();
    expect(live.feed.startedFrom).toMatchObject({ from: 'replay', reason: 'no snapshot' });
    await eventually(() => expect(live.model.flags.size).toBe(10));
    expect(await live.feed.snapshot()).toBe(true);
    await addFlags(4);
    await eventually(() => expect(live.model.flags.size).toBe(14));

    const restored = await startModel();
    const rebuilt = await startModel({ name: 'flag-evaluation-scratch' });

    expect(restored.start.from).toBe('snapshot');
    expect(rebuilt.start.from).toBe('replay');
    // The tail only: the ten flags the snapshot holds are not replayed again.
    expect(restored.start.replayed).toBeGreaterThan(0);
    expect(restored.start.replayed + 10).toBeLessThanOrEqual(rebuilt.start.replayed);
    await expectSameModels(live.model, restored.model, rebuilt.model);
    // And it follows live from there, as the others do.
    await addFlags(2);
    await expectSameModels(live.model, restored.model, rebuilt.model);
  });

  it('ignores a snapshot of another format version: the model is replayed in full', async () => {
    const other = await startModel({ formatVersion: FLAGS_MODEL_FORMAT_VERSION + 1 });
    expect(other.start).toMatchObject({ from: 'replay', reason: expect.stringContaining('format version') });
    await expectSameModels(live.model, other.model);
  });

  /** Spoils the stored snapshot (a fresh one of the live model) with `sql`, then starts a model from it. */
  const startFromSpoiled = async (sql: string) => {
    await discardSnapshot(db, MODEL);
    expect(await live.feed.snapshot()).toBe(true);
    await db.query(sql, [MODEL]);
    return startModel();
  };

  it('ignores a snapshot ahead of its stream (JetStream lost its tail): the model is replayed in full', async () => {
    const started = await startFromSpoiled(`UPDATE model_snapshots SET positions = jsonb_set(positions, '{1,sequence}', to_jsonb(1000000)) WHERE model = $1`);
    expect(started.start).toMatchObject({ from: 'replay', reason: expect.stringContaining('ahead of stream') });
    await expectSameModels(live.model, started.model);
  });

  it('ignores a snapshot whose stream holds another event at its sequence (renumbered by a republish)', async () => {
    const started = await startFromSpoiled(`UPDATE model_snapshots SET positions = jsonb_set(positions, '{1,eventId}', to_jsonb('another'::text)) WHERE model = $1`);
    expect(started.start).toMatchObject({ from: 'replay', reason: expect.stringContaining('another event') });
    await expectSameModels(live.model, started.model);
  });

  it('ignores a corrupt snapshot, whether its checksum tells or only reading it does', async () => {
    const altered = await startFromSpoiled(`UPDATE model_snapshots SET body = body || '\\x20'::bytea WHERE model = $1`);
    expect(altered.start).toMatchObject({ from: 'replay', reason: expect.stringContaining('checksum') });
    const unreadable = await startFromSpoiled(
      `UPDATE model_snapshots SET body = convert_to('{"environments": 1}', 'UTF8'), sha256 = encode(sha256(convert_to('{"environments": 1}', 'UTF8')), 'hex') WHERE model = $1`,
    );
    expect(unreadable.start).toMatchObject({ from: 'replay', reason: expect.stringContaining('corrupt snapshot') });
    await expectSameModels(live.model, altered.model, unreadable.model);
  });

  it('writes one snapshot at a time: of two instances due at once, one writes', async () => {
    await discardSnapshot(db, MODEL);
    const other = await startModel();
    const wrote = await Promise.all([live.feed.snapshot(), other.feed.snapshot()]);
    expect(wrote.filter(Boolean)).toHaveLength(1);
  });
});
