import { entities } from '@strata/contracts';
import type { RpcClient } from '@strata/messaging';

const S = entities.EntitiesSubjects;
type Scope = entities.EnvironmentScope;

async function create(rpc: RpcClient, scope: Scope, kind: entities.EntityKind, fields: Record<string, unknown>): Promise<string> {
  const { result } = await rpc.request<entities.EntityResponse>(S.create, { in: scope, kind, fields });
  return result.id;
}

/**
 * `count` flags in one environment, created one at a time through the service (every creation appends to the
 * project's graph stream, so parallel ones in one project would only lose races to each other).
 */
export async function seedFlags(rpc: RpcClient, scope: Scope, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await create(rpc, scope, 'feature_flag', {
      key: `bench-flag-${i}`,
      description: 'A flag of the list benchmark',
      multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 50 }],
    });
  }
}

/**
 * A 200-entity dependency tree, environment-specific: a dashboard of 39 insights, each on 4 cohorts of its own, the
 * 156 cohorts sharing 4 actions. Returns the dashboard (the root to promote) and every id of the tree.
 */
export async function seedTree(rpc: RpcClient, scope: Scope): Promise<{ root: string; ids: string[] }> {
  const actions = await Promise.all([0, 1, 2, 3].map((i) => create(rpc, scope, 'action', { name: `Step ${i}` })));
  const cohorts: string[] = [];
  const insights: string[] = [];
  for (let i = 0; i < 39; i++) {
    const own: string[] = [];
    for (let j = 0; j < 4; j++) {
      const conditions = [{ property_: '', operator: 'PERFORMED_ACTION', value: actions[j] }];
      own.push(await create(rpc, scope, 'cohort', { name: `Cohort ${i}.${j}`, rules: [{ type: 'ALL', rules: [], conditions }] }));
    }
    cohorts.push(...own);
    insights.push(await create(rpc, scope, 'insight', { name: `Insight ${i}`, filters: { cohort_ids: own } }));
  }
  const root = await create(rpc, scope, 'dashboard', { name: 'Everything', tiles: insights.map((id) => ({ insight_id: id })) });
  return { root, ids: [root, ...insights, ...cohorts, ...actions] };
}
