import {
  type AdminRebuildReply,
  type AdminReplayReply,
  type AdminRepublishReply,
  type AdminStatusReply,
  eventStreamName,
  type ServiceName,
  SERVICES,
} from '@strata/contracts';
import { consumerLags, type ConsumerLag, type DeadLetter, deadLetterCounts, listDeadLetters } from '@strata/messaging';
import { type Output, print, table } from '../output';
import type { AdminClient } from './admin-client';

export interface RelayView {
  service: ServiceName;
  instances: string[];
  leader: string | null;
  checkpoint: AdminStatusReply['checkpoint'] | null;
  backlog: number | null;
  oldestUnpublishedAt: string | null;
  /** The leader's relay since it started: events published, and republished ones JetStream de-duplicated. */
  published: number | null;
  duplicates: number | null;
}

/** Each service's relay, as its instances report it (the leader's answer, or any's when none leads right now). */
export async function relayViews(client: AdminClient, services: readonly ServiceName[]): Promise<RelayView[]> {
  return Promise.all(
    services.map(async (service) => {
      const replies = await client.askAll<AdminStatusReply>(service, 'status');
      const leader = replies.find((reply) => reply.leader);
      const best = leader ?? replies[0];
      return {
        service,
        instances: replies.map((reply) => reply.instance).sort(),
        leader: leader?.instance ?? null,
        checkpoint: best?.checkpoint ?? null,
        backlog: best?.backlog ?? null,
        oldestUnpublishedAt: best?.oldestUnpublishedAt ?? null,
        published: leader?.published ?? null,
        duplicates: leader?.duplicates ?? null,
      };
    }),
  );
}

/** Every durable consumer of each service's event stream, read from JetStream. */
export async function consumerViews(client: AdminClient, services: readonly ServiceName[]): Promise<(ConsumerLag & { from: ServiceName })[]> {
  const jsm = await client.jetstreamManager();
  const lags = await Promise.all(services.map(async (from) => (await consumerLags(jsm, eventStreamName(from, client.prefix))).map((lag) => ({ from, ...lag }))));
  return lags.flat();
}

export async function deadLetterSummary(client: AdminClient, services: readonly ServiceName[]): Promise<{ service: ServiceName; consumer: string; count: number }[]> {
  const jsm = await client.jetstreamManager();
  const counts = await Promise.all(services.map(async (service) => ({ service, counts: await deadLetterCounts(jsm, service, client.prefix) })));
  return counts.flatMap(({ service, counts: byConsumer }) => Object.entries(byConsumer).map(([consumer, count]) => ({ service, consumer, count })));
}

export async function showStatus(client: AdminClient, services: readonly ServiceName[], output: Output): Promise<number> {
  const [relays, consumers, deadLetters] = await Promise.all([relayViews(client, services), consumerViews(client, services), deadLetterSummary(client, services)]);
  if (output.json) return print({ relays, consumers, deadLetters });
  process.stdout.write(`relays:\n${relayTable(relays)}\nconsumers:\n${consumerTable(consumers)}\ndead letters:\n${deadLetterSummaryTable(deadLetters)}`);
  return 0;
}

export async function showRelays(client: AdminClient, services: readonly ServiceName[], output: Output): Promise<number> {
  const relays = await relayViews(client, services);
  return output.json ? print(relays) : write(relayTable(relays));
}

export async function showConsumers(client: AdminClient, services: readonly ServiceName[], output: Output): Promise<number> {
  const consumers = await consumerViews(client, services);
  return output.json ? print(consumers) : write(consumerTable(consumers));
}

export async function showDeadLetters(
  client: AdminClient,
  services: readonly ServiceName[],
  options: Output & { consumer?: string; limit: number },
): Promise<number> {
  const jsm = await client.jetstreamManager();
  const lists = await Promise.all(
    services.map(async (service) => (await listDeadLetters(jsm, service, { prefix: client.prefix, consumer: options.consumer, limit: options.limit })).map((letter) => ({ service, ...letter }))),
  );
  const letters = lists.flat();
  return options.json ? print(letters) : write(deadLetterTable(letters));
}

export async function rebuild(client: AdminClient, service: ServiceName, readModels: string[], output: Output): Promise<number> {
  const reply = await client.ask<AdminRebuildReply>(service, 'rebuild', { readModels });
  if (output.json) return print(reply);
  return write(table(['read model', 'events', 'ms'], reply.rebuilt.map((model) => [model.name, model.events, model.ms])));
}

export async function republish(client: AdminClient, service: ServiceName, fromPosition: number, output: Output): Promise<number> {
  const reply = await client.ask<AdminRepublishReply>(service, 'republish', { fromPosition });
  if (output.json) return print(reply);
  return write(
    `${service}: the relay (${reply.instance}) went back to ${position(reply.checkpoint)} and republishes ${reply.backlog} event(s); ` +
      'JetStream drops those it still holds (Nats-Msg-Id = event id), consumers skip those they recorded\n',
  );
}

export async function replay(client: AdminClient, service: ServiceName, sequence: number, output: Output): Promise<number> {
  const reply = await client.ask<AdminReplayReply>(service, 'replay', { sequence });
  if (output.json) return print(reply);
  const outcome = reply.applied ? 'applied' : 'already applied before: nothing changed';
  return write(`${service}: dead letter #${reply.sequence} (${reply.type} ${reply.eventId}) replayed to ${reply.consumer}: ${outcome}; removed from the dead-letter stream\n`);
}

export function parseServices(names: string[]): ServiceName[] {
  return names.length === 0 ? [...SERVICES] : (names as ServiceName[]);
}

function relayTable(relays: RelayView[]): string {
  return table(
    ['service', 'instances', 'leader', 'checkpoint', 'backlog', 'oldest unpublished'],
    relays.map((relay) => [
      relay.service,
      relay.instances.length,
      relay.leader ?? (relay.instances.length ? 'none' : '-'),
      relay.checkpoint ? position(relay.checkpoint) : '-',
      relay.backlog ?? '-',
      relay.oldestUnpublishedAt ?? '-',
    ]),
  );
}

function consumerTable(consumers: (ConsumerLag & { from: ServiceName })[]): string {
  return table(['stream of', 'durable', 'pending', 'ack pending', 'redelivered'], consumers.map((c) => [c.from, c.durable, c.pending, c.ackPending, c.redelivered]));
}

function deadLetterSummaryTable(rows: { service: ServiceName; consumer: string; count: number }[]): string {
  return table(['service', 'consumer', 'dead letters'], rows.map((row) => [row.service, row.consumer, row.count]));
}

function deadLetterTable(letters: (DeadLetter & { service: ServiceName })[]): string {
  return table(
    ['service', 'seq', 'consumer', 'event', 'event id', 'attempts', 'dead-lettered at', 'reason'],
    letters.map((l) => [l.service, l.sequence, l.consumer, l.type ?? '(undecodable)', l.eventId ?? '-', l.attempts, l.deadLetteredAt, l.reason]),
  );
}

/** `global position @ transaction id`, the relay's order. */
function position(checkpoint: AdminStatusReply['checkpoint']): string {
  return `${checkpoint.globalPosition} @ xid ${checkpoint.transactionId}`;
}

function write(text: string): number {
  process.stdout.write(text);
  return 0;
}
