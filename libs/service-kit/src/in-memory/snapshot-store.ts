import { createHash } from 'node:crypto';
import { type Database, sqlMigration } from '@strata/database';

const CreateModelSnapshots = sqlMigration(
  `CREATE TABLE model_snapshots (
    model text PRIMARY KEY,
    format_version integer NOT NULL,
    positions jsonb NOT NULL,
    covered bigint NOT NULL,
    body bytea NOT NULL,
    sha256 text NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
  )`,
);

/** A service keeping an in-memory model runs these among its own migrations: its snapshots live in its schema. */
export const modelSnapshotMigrations = [{ name: 'messaging-002-model-snapshots', class: CreateModelSnapshots }] as const;

/** Where a snapshot stands in one followed stream: the last sequence it covers, and the event id found there. */
export interface SnapshotPosition {
  /** Which follower (stream and event selection) the position belongs to. */
  follower: string;
  stream: string;
  sequence: number;
  /** `Nats-Msg-Id` of the message at `sequence`: tells a renumbered stream (a lost tail republished) from the one covered. */
  eventId: string | null;
}

export interface StoredSnapshot {
  formatVersion: number;
  positions: SnapshotPosition[];
  body: Buffer;
  sha256: string;
  takenAt: Date;
}

interface SnapshotRow {
  format_version: number;
  positions: SnapshotPosition[];
  body: Buffer;
  sha256: string;
  taken_at: Date;
}

export function sha256Of(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The newest snapshot of `model` (one row per model: a write replaces it), or none. */
export async function loadSnapshot(db: Database, model: string): Promise<StoredSnapshot | undefined> {
  const [row] = await db.query<SnapshotRow>('SELECT format_version, positions, body, sha256, taken_at FROM model_snapshots WHERE model = $1', [model]);
  if (row === undefined) return undefined;
  return { formatVersion: row.format_version, positions: row.positions, body: row.body, sha256: row.sha256, takenAt: row.taken_at };
}

export interface SnapshotWrite {
  formatVersion: number;
  positions: SnapshotPosition[];
  body: Buffer;
  /** Whether the snapshot already stored is recent enough, or covers as much: then nothing is written. */
  isEnough: (stored: { covered: number; takenAt: Date; formatVersion: number }) => boolean;
}

/**
 * Writes a snapshot under a transaction-level advisory lock taken without waiting: of several instances, one writes and
 * the others skip (and a dead writer's lock goes with its connection). The lock names the schema: advisory locks are
 * per database, and other deployments (test runs) may share it. `capture` runs only once the lock is held, so
 * the instances that skip never pay for serialising their model. Answers whether it wrote.
 */
export async function writeSnapshot(db: Database, model: string, capture: () => Promise<SnapshotWrite>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [`strata-model-snapshot:${db.schema}.${model}`]);
    if (!lock?.locked) return false;
    const snapshot = await capture();
    const [stored] = await tx.query<{ covered: string; taken_at: Date; format_version: number }>(
      'SELECT covered, taken_at, format_version FROM model_snapshots WHERE model = $1',
      [model],
    );
    if (stored !== undefined && snapshot.isEnough({ covered: Number(stored.covered), takenAt: stored.taken_at, formatVersion: stored.format_version })) return false;
    await tx.query(
      `INSERT INTO model_snapshots (model, format_version, positions, covered, body, sha256, taken_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (model) DO UPDATE SET format_version = EXCLUDED.format_version, positions = EXCLUDED.positions,
         covered = EXCLUDED.covered, body = EXCLUDED.body, sha256 = EXCLUDED.sha256, taken_at = EXCLUDED.taken_at`,
      [model, snapshot.formatVersion, JSON.stringify(snapshot.positions), coveredBy(snapshot.positions), snapshot.body, sha256Of(snapshot.body)],
    );
    return true;
  });
}

/** How far a snapshot reaches, summed over its streams: a later snapshot of the same streams covers more. */
export function coveredBy(positions: readonly SnapshotPosition[]): number {
  return positions.reduce((sum, position) => sum + position.sequence, 0);
}

/** Forgets the snapshot of `model`: the next start replays its streams in full. Always safe (a snapshot is a cache). */
export async function discardSnapshot(db: Database, model: string): Promise<void> {
  await db.query('DELETE FROM model_snapshots WHERE model = $1', [model]);
}
