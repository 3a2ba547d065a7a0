import { hostname } from 'node:os';
import {
  type AdminErrorReply,
  type AdminRebuildReply,
  type AdminRebuildRequest,
  type AdminReplayReply,
  type AdminReplayRequest,
  type AdminRepublishReply,
  type AdminRepublishRequest,
  type AdminStatusReply,
  adminSubject,
  type AdminVerb,
  type ServiceName,
} from '@strata/contracts';
import type { Database } from '@strata/database';
import { checkpointBefore, compareCheckpoints, type InlineProjection, loadCheckpoint, type OutboxRelay, RELAY_CHECKPOINT, unpublished } from '@strata/eventstore';
import { type EventConsumer, readDeadLetter, removeDeadLetter } from '@strata/messaging';
import type { Msg, NatsConnection, Subscription } from 'nats';
import type { Logger } from '../logging/logger';
import { rebuildProjections } from './rebuild-command';

export interface AdminTargets {
  service: ServiceName;
  prefix: string;
  nats: NatsConnection;
  database: Database;
  relay: OutboxRelay;
  projections: readonly InlineProjection[];
  consumers: readonly EventConsumer[];
  logger: Logger;
}

/** Served by every instance: the relay leader is one of them. */
const EVERY_INSTANCE = undefined;

/**
 * `<service>.admin.*` (`strata admin`): bare JSON request/reply on the service's own NATS connection. `status` is
 * answered by every instance; `republish` only by the relay leader, which alone may move the checkpoint it caches;
 * `rebuild` and `replay` by one instance of the `<service>.admin` queue group. Returns the stop hook.
 */
export function serveAdminSubjects(targets: AdminTargets): () => Promise<void> {
  const instance = `${hostname()}:${process.pid}`;
  const { service, nats } = targets;
  const queue = `${service}.admin`;
  const subscriptions: Subscription[] = [
    serve(targets, 'status', EVERY_INSTANCE, () => status(targets, instance)),
    serve(targets, 'republish', EVERY_INSTANCE, (request) => republish(targets, instance, request as AdminRepublishRequest)),
    serve(targets, 'rebuild', queue, (request) => rebuild(targets, request as AdminRebuildRequest)),
    serve(targets, 'replay', queue, (request) => replay(targets, request as AdminReplayRequest)),
  ];
  return async () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    if (!nats.isClosed()) await nats.flush().catch(() => undefined);
  };
}

/** A handler answering null stays silent (a non-leader to `republish`); a throw is answered `{error}`. */
function serve(targets: AdminTargets, verb: AdminVerb, queue: string | undefined, handle: (request: unknown) => Promise<object | null>): Subscription {
  return targets.nats.subscribe(adminSubject(targets.service, verb, targets.prefix), {
    queue,
    callback: (error, msg) => {
      if (error) return targets.logger.warn({ err: error, verb }, 'admin subscription failed');
      void answer(msg, () => handle(parseRequest(msg)), targets.logger, verb);
    },
  });
}

async function answer(msg: Msg, work: () => Promise<object | null>, logger: Logger, verb: AdminVerb): Promise<void> {
  let reply: object | null;
  try {
    reply = await work();
  } catch (error) {
    logger.warn({ err: error, verb }, 'admin request failed');
    reply = { error: error instanceof Error ? error.message : String(error) } satisfies AdminErrorReply;
  }
  if (reply !== null) msg.respond(JSON.stringify(reply));
}

function parseRequest(msg: Msg): unknown {
  if (msg.data.length === 0) return {};
  return JSON.parse(new TextDecoder().decode(msg.data)) as unknown;
}

async function status(targets: AdminTargets, instance: string): Promise<AdminStatusReply> {
  const checkpoint = await loadCheckpoint(targets.database, RELAY_CHECKPOINT);
  const backlog = await unpublished(targets.database, checkpoint);
  const stats = targets.relay.stats();
  return {
    service: targets.service,
    instance,
    leader: stats.leader,
    checkpoint,
    backlog: backlog.count,
    oldestUnpublishedAt: backlog.oldestAt?.toISOString() ?? null,
    published: stats.published,
    duplicates: stats.duplicates,
    readModels: targets.projections.map((p) => p.name),
    consumers: targets.consumers.map((c) => c.name),
  };
}

async function republish(targets: AdminTargets, instance: string, request: AdminRepublishRequest): Promise<AdminRepublishReply | null> {
  if (!Number.isSafeInteger(request.fromPosition) || request.fromPosition < 1) throw new Error('fromPosition must be a position of 1 or more');
  if (!targets.relay.stats().leader) return null;
  const from = await checkpointBefore(targets.database, request.fromPosition);
  if (from === null) throw new Error(`no event at or after position ${request.fromPosition}`);
  const current = await loadCheckpoint(targets.database, RELAY_CHECKPOINT);
  if (compareCheckpoints(from, current) >= 0) throw new Error(`position ${request.fromPosition} is not published yet (the relay is at ${current.globalPosition}): the relay will publish it anyway`);
  if (!(await targets.relay.republishFrom(from))) return null;
  const { count } = await unpublished(targets.database, from);
  targets.logger.info({ fromPosition: request.fromPosition, checkpoint: from }, 'admin: republishing');
  return { instance, checkpoint: from, backlog: count };
}

async function rebuild(targets: AdminTargets, request: AdminRebuildRequest): Promise<AdminRebuildReply> {
  const known = targets.projections.map((p) => p.name);
  const names = request.readModels?.length ? request.readModels : known;
  const kept = names.filter((name) => targets.consumers.some((c) => c.name === name));
  if (kept.length > 0) {
    throw new Error(`${kept.join(', ')} is kept by a consumer of another service's events: stop every instance and run \`node dist/apps/${targets.service}/src/main.js rebuild ${kept.join(' ')}\``);
  }
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown read model(s) ${unknown.join(', ')}; known: ${known.join(', ') || 'none'}`);
  const rebuilt = await rebuildProjections(targets.database, targets.projections, names);
  targets.logger.info({ rebuilt }, 'admin: read models rebuilt');
  return { rebuilt };
}

async function replay(targets: AdminTargets, request: AdminReplayRequest): Promise<AdminReplayReply> {
  const jsm = await targets.nats.jetstreamManager();
  const found = await readDeadLetter(jsm, targets.service, request.sequence, targets.prefix);
  if (!found) throw new Error(`no dead letter #${request.sequence} in ${targets.service}'s dead-letter stream`);
  const consumer = targets.consumers.find((c) => c.name === found.letter.consumer);
  if (!consumer) throw new Error(`dead letter #${request.sequence} belongs to consumer "${found.letter.consumer}", which ${targets.service} no longer runs`);
  const result = await consumer.applyDeadLetter(found.data, found.headers);
  await removeDeadLetter(jsm, targets.service, request.sequence, targets.prefix);
  targets.logger.info({ sequence: request.sequence, consumer: consumer.name, eventId: result.eventId, applied: result.applied }, 'admin: dead letter replayed');
  return { consumer: consumer.name, sequence: request.sequence, ...result };
}
