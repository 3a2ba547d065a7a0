import { type ServiceName, SERVICES } from '@strata/contracts';
import { type Command, InvalidArgumentError } from 'commander';
import type { AdminClient } from './admin-client';
import { JSON_OPTION } from '../output';
import { parseServices, rebuild, replay, republish, showConsumers, showDeadLetters, showRelays, showStatus } from './admin-commands';

export type RunAdmin = (work: (client: AdminClient) => Promise<number>) => Promise<void>;

function service(value: string): ServiceName {
  if (!(SERVICES as readonly string[]).includes(value)) throw new InvalidArgumentError(`a service is one of ${SERVICES.join(', ')}.`);
  return value as ServiceName;
}

function services(value: string, previous: ServiceName[] = []): ServiceName[] {
  return [...previous, service(value)];
}

function positive(what: string) {
  return (value: string): number => {
    if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new InvalidArgumentError(`${what} is a positive integer.`);
    return Number(value);
  };
}

/** `strata admin …`: operating the services over NATS (`NATS_URL`, `NATS_PREFIX`), SPEC §12. */
export function addAdminCommands(strata: Command, run: RunAdmin): void {
  const admin = strata.command('admin').description('Operate the services over NATS (NATS_URL, NATS_PREFIX): relays, consumers, dead letters, rebuild, republish');
  admin
    .command('status')
    .description('Relay checkpoints, consumer lags and dead letters of every service (or those named)')
    .argument('[service...]', 'services', (value: string, previous: ServiceName[]) => services(value, previous))
    .option(...JSON_OPTION, false)
    .action((names: ServiceName[], options: { json: boolean }) => run((client) => showStatus(client, parseServices(names), options)));
  admin
    .command('relays')
    .description('Each service’s outbox relay: instances, leader, checkpoint, backlog, oldest unpublished event')
    .argument('[service...]', 'services', (value: string, previous: ServiceName[]) => services(value, previous))
    .option(...JSON_OPTION, false)
    .action((names: ServiceName[], options: { json: boolean }) => run((client) => showRelays(client, parseServices(names), options)));
  admin
    .command('consumers')
    .description('Durable consumers of each service’s event stream: pending, ack pending, redelivered')
    .argument('[service...]', 'services whose streams are read', (value: string, previous: ServiceName[]) => services(value, previous))
    .option(...JSON_OPTION, false)
    .action((names: ServiceName[], options: { json: boolean }) => run((client) => showConsumers(client, parseServices(names), options)));
  admin
    .command('dead-letters')
    .description('Messages consumers gave up on, oldest first, with the reason')
    .argument('[service...]', 'consuming services', (value: string, previous: ServiceName[]) => services(value, previous))
    .option('--consumer <name>', 'only this consumer’s')
    .option('--limit <n>', 'at most this many per service', positive('the limit'), 100)
    .option(...JSON_OPTION, false)
    .action((names: ServiceName[], options: { json: boolean; consumer?: string; limit: number }) => run((client) => showDeadLetters(client, parseServices(names), options)));
  admin
    .command('replay')
    .description('Apply a dead letter (its seq in the service’s dead-letter stream) through the consumer that gave up on it')
    .argument('<service>', 'the consuming service', service)
    .argument('<seq>', 'the dead letter’s sequence (see dead-letters)', positive('a sequence'))
    .option(...JSON_OPTION, false)
    .action((name: ServiceName, seq: number, options: { json: boolean }) => run((client) => replay(client, name, seq, options)));
  admin
    .command('rebuild')
    .description('Rebuild read models the service projects from its own events (all of them when none is named)')
    .argument('<service>', 'the service', service)
    .argument('[read-model...]', 'read models')
    .option(...JSON_OPTION, false)
    .action((name: ServiceName, readModels: string[], options: { json: boolean }) => run((client) => rebuild(client, name, readModels, options)));
  admin
    .command('republish')
    .description('Publish the service’s events to JetStream again, from a global position on')
    .argument('<service>', 'the service', service)
    .requiredOption('--from <position>', 'the first global position to publish again (1: every event)', positive('a position'))
    .option(...JSON_OPTION, false)
    .action((name: ServiceName, options: { json: boolean; from: number }) => run((client) => republish(client, name, options.from, options)));
}
