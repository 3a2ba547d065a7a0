import { Database, migrate } from '@strata/database';
import { rebuildProjection } from '@strata/eventstore';
import { loadConfig, baseConfigSchema } from '../config/config';
import { startupFailure } from '../lifecycle/run-service';
import type { EventSourcedServiceOptions } from './event-sourced-service';
import { allMigrations } from './event-sourced-service';

/**
 * `node dist/apps/<service>/src/main.js rebuild [read-model …]`: empties each named read model (all by default) and
 * replays the service's event log into it, in one transaction per read model, while the service may keep running.
 */
export async function rebuildCommand(options: Pick<EventSourcedServiceOptions, 'name' | 'migrations' | 'projections' | 'defaults'>, names: string[]): Promise<number> {
  try {
    const config = loadConfig(baseConfigSchema, { SERVICE_NAME: options.name, PORT: '0', ...options.defaults, ...process.env });
    const projections = options.projections ?? [];
    const unknown = names.filter((name) => !projections.some((p) => p.name === name));
    if (unknown.length > 0) throw new Error(`unknown read model(s) ${unknown.join(', ')}; known: ${projections.map((p) => p.name).join(', ') || 'none'}`);
    await migrate({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: allMigrations(options.migrations) });
    const db = new Database({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1, applicationName: `${options.name}-rebuild` });
    try {
      for (const projection of projections.filter((p) => names.length === 0 || names.includes(p.name))) {
        const started = Date.now();
        const { events } = await rebuildProjection(db, projection);
        process.stdout.write(`${options.name}: rebuilt ${projection.name} from ${events} events in ${Date.now() - started} ms\n`);
      }
    } finally {
      await db.close();
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${options.name}: rebuild failed: ${startupFailure(error)}\n`);
    return 1;
  }
}
