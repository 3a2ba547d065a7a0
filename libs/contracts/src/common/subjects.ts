/**
 * NATS naming (SPEC §3). Every name may carry a namespace prefix (`NATS_PREFIX`): production runs without one;
 * each test run gets its own, so runs never see each other's messages or streams.
 */
export const SERVICES = ['projects', 'taxonomy', 'entities', 'ingestion-mapping', 'export', 'flag-evaluation'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** `events.<service>.<EventType>` */
export function eventSubject(service: ServiceName, eventType: string, prefix = ''): string {
  return `${prefix}events.${service}.${eventType}`;
}

/** Every event of a service: `events.<service>.>` */
export function serviceEventsFilter(service: ServiceName, prefix = ''): string {
  return `${prefix}events.${service}.>`;
}

/** The JetStream stream holding a service's events (stream names may not contain dots). */
export function eventStreamName(service: ServiceName, prefix = ''): string {
  return `${streamSafe(prefix)}EVENTS_${service.replace(/-/g, '_').toUpperCase()}`;
}

/** Where a consumer sends a message it gave up on: `dlq.<service>.<consumer>`. */
export function deadLetterSubject(service: ServiceName, consumer: string, prefix = ''): string {
  return `${prefix}dlq.${service}.${consumer}`;
}

export function deadLetterStreamName(service: ServiceName, prefix = ''): string {
  return `${streamSafe(prefix)}DLQ_${service.replace(/-/g, '_').toUpperCase()}`;
}

/** Request/reply subject `<service>.<verb>`, e.g. `projects.environments.create`. */
export function rpcSubject(pattern: string, prefix = ''): string {
  return `${prefix}${pattern}`;
}

/** The liveness query each service answers, used by the gateway's `/_ready`. */
export function healthSubject(service: ServiceName): string {
  return `${service}.health`;
}

function streamSafe(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '_');
}
