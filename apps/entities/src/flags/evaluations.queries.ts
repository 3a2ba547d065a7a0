import type { entities } from '@strata/contracts';
import type { Database, Queryable } from '@strata/database';

/**
 * Evaluation counts (SPEC §4.5): per flag, environment and hour, added batch by batch as the edges aggregated them.
 * Data, not setup: a table of this service (it owns flag states), not events — a count is no decision to replay.
 */

/** A batch id is remembered this long: an edge retries a lost reply within seconds, never days. */
const BATCH_MEMORY = '7 days';

/**
 * Adds a batch once: its id is recorded in the same transaction as its counts, so a batch sent again adds nothing.
 * Rows are added in key order, so two batches over the same rows never deadlock.
 */
export async function recordEvaluations(db: Database, batch: entities.RecordEvaluationsRequest): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fresh = await tx.query('INSERT INTO evaluation_batches (batch_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING batch_id', [batch.batchId]);
    if (fresh.length === 0) return false;
    const { counts } = batch;
    await tx.query(
      `INSERT INTO flag_evaluations (flag_id, environment_id, hour, count)
       SELECT flag_id, environment_id, date_trunc('hour', hour), sum(count) FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::bigint[]) AS c(flag_id, environment_id, hour, count)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
       ON CONFLICT (flag_id, environment_id, hour) DO UPDATE SET count = flag_evaluations.count + EXCLUDED.count`,
      [counts.map((c) => c.flagId), counts.map((c) => c.environmentId), counts.map((c) => c.hour), counts.map((c) => c.count)],
    );
    await tx.query(`DELETE FROM evaluation_batches WHERE recorded_at < now() - interval '${BATCH_MEMORY}'`);
    return true;
  });
}

/** The last 24 hourly buckets (the current one included) and the last 720. */
export async function evaluationsOf(db: Queryable, flagId: string, environmentId: number): Promise<entities.FlagEvaluations> {
  const [row] = await db.query<{ last_24h: string; last_30d: string }>(
    `SELECT coalesce(sum(count) FILTER (WHERE hour > now() - interval '24 hours'), 0) AS last_24h, coalesce(sum(count), 0) AS last_30d
       FROM flag_evaluations WHERE flag_id = $1 AND environment_id = $2 AND hour > now() - interval '30 days'`,
    [flagId, environmentId],
  );
  return { last_24h: Number(row.last_24h), last_30d: Number(row.last_30d) };
}

/**
 * `?stale=<days>` as a condition on `entities` rows seen from `$environment`: not changed since the cutoff (the
 * definition, this environment's state, the project's rollout groups) and not evaluated there since — an hour's
 * bucket counts as its end, so a flag evaluated at any moment after the cutoff is never called stale.
 */
export function staleCondition(environment: string, cutoff: string): string {
  return `(updated_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM flag_states s WHERE s.flag_id = entities.id AND s.environment_id = ${environment} AND s.changed_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM flag_project_overrides p WHERE p.flag_id = entities.id AND p.changed_at >= ${cutoff})
    AND NOT EXISTS (SELECT 1 FROM flag_evaluations v WHERE v.flag_id = entities.id AND v.environment_id = ${environment} AND v.hour > ${cutoff} - interval '1 hour'))`;
}

/** The instant `stale` days before `at` (the database's clock when absent), as SQL over one parameter each. */
export function staleCutoff(days: string, at: string): string {
  return `(coalesce(${at}::timestamptz, now()) - make_interval(days => ${days}::int))`;
}
