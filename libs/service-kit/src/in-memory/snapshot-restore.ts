import { eventStreamName } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { JetStreamManager } from 'nats';
import type { FollowedEvents, ModelFeedLogger } from './model-feed';
import { loadSnapshot, sha256Of, type StoredSnapshot } from './snapshot-store';

/** What an in-memory model gives its snapshots: a plain JSON value of itself, and the way back. */
export interface SnapshotModel<State = unknown> {
  /** The whole model as a JSON value, read synchronously (so it matches the followers' positions). */
  capture(): State;
  /** Replaces the model's content by a captured value (of the same format version). */
  restore(state: State): void;
  /** Empties the model: a restore that failed halfway leaves nothing behind before the full replay. */
  clear(): void;
}

export interface Restored {
  /** Follower key → last stream sequence the restored model covers; absent when the model starts empty. */
  positions?: Map<string, number>;
  reason?: string;
}

interface RestoreOptions {
  database: Database;
  prefix: string;
  model: string;
  formatVersion: number;
  state: SnapshotModel;
  follows: readonly FollowedEvents[];
  logger: ModelFeedLogger;
}

/**
 * Loads the newest snapshot into the model when it can be trusted, else leaves the model empty for a full replay and
 * logs why: a snapshot may be missing, of another format version, corrupt, or ahead of a stream that lost its tail
 * (the relay then republishes the lost events under new sequences, so the snapshot's sequences mean other events).
 */
export async function restoreSnapshot(options: RestoreOptions, jsm: JetStreamManager): Promise<Restored> {
  const { model, state, logger } = options;
  const snapshot = await loadSnapshot(options.database, model);
  const refusal = snapshot === undefined ? 'no snapshot' : await refusalOf(snapshot, options, jsm);
  if (refusal !== undefined || snapshot === undefined) {
    logger.info({ model, reason: refusal }, 'model snapshot not used: replaying the streams in full');
    return { reason: refusal };
  }
  try {
    state.restore(JSON.parse(snapshot.body.toString('utf8')));
  } catch (error) {
    state.clear();
    const reason = `corrupt snapshot: ${error instanceof Error ? error.message : String(error)}`;
    logger.warn({ model, reason }, 'model snapshot not used: replaying the streams in full');
    return { reason };
  }
  const positions = new Map(snapshot.positions.map((position) => [position.follower, position.sequence]));
  logger.info({ model, takenAt: snapshot.takenAt, positions: Object.fromEntries(positions) }, 'model restored from its snapshot');
  return { positions };
}

async function refusalOf(snapshot: StoredSnapshot, options: RestoreOptions, jsm: JetStreamManager): Promise<string | undefined> {
  if (snapshot.formatVersion !== options.formatVersion) return `snapshot of format version ${snapshot.formatVersion}, the model's is ${options.formatVersion}`;
  if (sha256Of(snapshot.body) !== snapshot.sha256) return 'corrupt snapshot: its checksum does not match';
  const lastSequences = new Map<string, number>();
  for (const follower of options.follows) {
    const position = snapshot.positions.find((one) => one.follower === follower.key);
    if (position === undefined) return `snapshot without a position for ${follower.key}`;
    const stream = eventStreamName(follower.source, options.prefix);
    if (!lastSequences.has(stream)) lastSequences.set(stream, (await jsm.streams.info(stream)).state.last_seq);
    const last = lastSequences.get(stream) ?? 0;
    if (position.sequence > last) return `snapshot ahead of stream ${stream} (sequence ${position.sequence}, stream ends at ${last})`;
    if (position.sequence > 0 && (await eventIdAt(jsm, stream, position.sequence)) !== position.eventId) {
      return `stream ${stream} holds another event at sequence ${position.sequence} than the snapshot covered (renumbered)`;
    }
  }
  return undefined;
}

async function eventIdAt(jsm: JetStreamManager, stream: string, sequence: number): Promise<string | null> {
  try {
    return (await jsm.streams.getMessage(stream, { seq: sequence })).header.get('Nats-Msg-Id') || null;
  } catch {
    return null;
  }
}
