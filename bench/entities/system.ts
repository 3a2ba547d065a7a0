import type { entities } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { type AppName, RunningSystem } from '@strata/testing';
import { ApiClientForBench } from '../gateway/signup';
import type { ListTarget } from './list';

/**
 * Gateway, projects and entities as separate processes, a new account, and what the entities benchmarks reach them
 * with: the gateway's URL and key, the environment's scope, an RPC client and the entities service's database.
 * `also`: services a benchmark's routes ask besides those (the activity asks taxonomy too).
 */
export async function withEntitiesSystem(run: (target: ListTarget, system: RunningSystem) => Promise<void>, also: readonly AppName[] = []): Promise<void> {
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities', ...also], env: { LOG_LEVEL: 'warn' } });
  const rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
  try {
    const account = await new ApiClientForBench(system.baseUrl).signup();
    const scope = await scopeOf(system.baseUrl, account);
    await run({ baseUrl: system.baseUrl, key: account.key, scope, rpc, db: await system.kit.database('entities') }, system);
  } finally {
    rpc.close();
    await system.stop();
  }
}

async function scopeOf(baseUrl: string, account: { key: string; environmentId: number }): Promise<entities.EnvironmentScope> {
  const response = await fetch(`${baseUrl}/api/v2/environments/${account.environmentId}`, { headers: { authorization: `Bearer ${account.key}` } });
  const body = (await response.json()) as { id: number; project_id: number };
  return { projectId: body.project_id, environmentId: body.id };
}
