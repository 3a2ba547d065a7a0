import { Database, migrate } from '@strata/database';
import { type InlineProjection, PostgresEventStore, rebuildProjection } from '@strata/eventstore';
import { closeNats, connectNats, type EventConsumer } from '@strata/messaging';
import type { z } from 'zod';
import { baseConfigSchema, type ConfigOf, loadConfig } from '../config/config';
import { startupFailure } from '../lifecycle/run-service';
import { allMigrations, type EventSourcedServiceOptions } from './event-sourced-service';

type Schema = z.ZodType<z.output<typeof baseConfigSchema>>;

/**
 * `node dist/apps/<service>/src/main.js rebuild [read-model …]`. A read model the service projects from its own log
 * (all of them when none is named) is emptied and replayed in one transaction, while the service may keep running. A
 * read model kept by a consumer of another service's events is rebuilt when named: its consumer forgets its position
 * and the read model is emptied, and the service replays the stream from its first event at its next start — so stop
 * the service first.
 */
export async function rebuildCommand<S extends Schema>(options: EventSourcedServiceOptions<S>, names: string[]): Promise<number> {
  const say = (line: string) => process.stdout.write(`${options.name}: ${line}\n`);
  try {
    const config = loadConfig((options.configSchema ?? baseConfigSchema) as S, { SERVICE_NAME: options.name, PORT: '0', ...options.defaults, ...process.env });
    await migrate({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: allMigrations(options.migrations) });
    const db = new Database({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: `${options.name}-rebuild` });
    try {
      const projections = options.projections ?? [];
      const consumerNames = names.filter((name) => !projections.some((p) => p.name === name));
      for (const model of await rebuildProjections(db, projections, names.length === 0 ? projections.map((p) => p.name) : names)) {
        say(`rebuilt ${model.name} from ${model.events} events in ${model.ms} ms`);
      }
      if (consumerNames.length > 0) await replayConsumers(options, config, db, consumerNames, projections, say);
    } finally {
      await db.close();
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${options.name}: rebuild failed: ${startupFailure(error)}\n`);
    return 1;
  }
}

export interface RebuiltReadModel {
  name: string;
  events: number;
  ms: number;
}

/** Empties and replays each named projection of the service's own log, each in one transaction (the command and `<service>.admin.rebuild`). */
export async function rebuildProjections(db: Database, projections: readonly InlineProjection[], names: readonly string[]): Promise<RebuiltReadModel[]> {
  const rebuilt: RebuiltReadModel[] = [];
  for (const projection of projections.filter((p) => names.includes(p.name))) {
    const started = Date.now();
    const { events } = await rebuildProjection(db, projection);
    rebuilt.push({ name: projection.name, events, ms: Date.now() - started });
  }
  return rebuilt;
}

async function replayConsumers<S extends Schema>(
  options: EventSourcedServiceOptions<S>,
  config: ConfigOf<S>,
  db: Database,
  names: string[],
  projections: readonly InlineProjection[],
  say: (line: string) => void,
): Promise<void> {
  const nats = await connectNats({ url: config.NATS_URL.split(','), name: `${options.name}-rebuild` });
  try {
    const consumers: readonly EventConsumer[] = (await options.consumers?.({ nats, database: db, store: new PostgresEventStore(db), config })) ?? [];
    const unknown = names.filter((name) => !consumers.some((c) => c.name === name));
    if (unknown.length > 0) {
      const known = [...projections.map((p) => p.name), ...consumers.map((c) => c.name)];
      throw new Error(`unknown read model(s) ${unknown.join(', ')}; known: ${known.join(', ') || 'none'}`);
    }
    for (const consumer of consumers.filter((c) => names.includes(c.name))) {
      await consumer.replayFromStart();
      say(`reset ${consumer.name}: it replays its stream from the first event when the service starts`);
    }
  } finally {
    await closeNats(nats);
  }
}
