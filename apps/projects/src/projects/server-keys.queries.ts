import type { projects } from '@strata/contracts';
import type { Queryable } from '@strata/database';

interface ServerKeyRecord {
  id: string;
  name: string;
  visible_prefix: string;
  created_at: Date;
}

/** The environment's active keys, oldest first, as listed: never the secret, nor its hash. */
export async function serverKeysOf(db: Queryable, environmentId: number): Promise<projects.ServerKey[]> {
  const rows = await db.query<ServerKeyRecord>(
    'SELECT id, name, visible_prefix, created_at FROM server_keys WHERE environment_id = $1 ORDER BY created_at, id',
    [environmentId],
  );
  return rows.map((row) => ({ id: row.id, name: row.name, visible_prefix: row.visible_prefix, created_at: row.created_at.toISOString() }));
}

/** Which environment an SDK key answers for, by the key's sha256: its client token or one of its server keys. */
export async function ownerOfSdkKey(db: Queryable, secretHash: string): Promise<projects.SdkKeyOwner | null> {
  const rows = await db.query<{ environment_id: string; project_id: string; kind: 'client' | 'server' }>(
    `SELECT id AS environment_id, project_id, 'client' AS kind FROM environments WHERE api_token_hash = $1
     UNION ALL
     SELECT environment_id, project_id, 'server' AS kind FROM server_keys WHERE secret_hash = $1`,
    [secretHash],
  );
  if (rows.length === 0) return null;
  const [row] = rows;
  return { environmentId: Number(row.environment_id), projectId: Number(row.project_id), kind: row.kind };
}
