import type { NatsConnection } from 'nats';
// eslint-disable-next-line no-restricted-imports -- see fixture.ts
import type { ProjectsLog } from '../../apps/ingestion-mapping/src/testing/projects-log';
import { encode, rawResolver, tokenOf } from './fixture';
import { percentile } from './stats';

export interface Latency {
  p50: number;
  p99: number;
}

async function timed(times: number, once: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < 200; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** One-event `ingestion.resolve` round trips, one at a time. */
export function oneEventRoundTrip(nc: NatsConnection, prefix: string, times: number): Promise<Latency> {
  const resolve = rawResolver(nc, prefix);
  const body = encode({ events: [{ token: tokenOf(1), event: '$pageview', distinct_id: 'u1', properties: { plan: 'pro' }, groups: { company: 'acme' } }] });
  return timed(times, () => resolve(body));
}

/** Baseline: a bare NATS request/reply echo of the same body, served on a connection of its own. */
export async function echoRoundTrip(nc: NatsConnection, echo: NatsConnection, prefix: string, times: number): Promise<Latency> {
  const subject = `${prefix}bench.echo`;
  const subscription = echo.subscribe(subject, { callback: (_error, msg) => msg.respond(msg.data) });
  await echo.flush();
  const body = encode({ events: [{ token: tokenOf(1), event: '$pageview', distinct_id: 'u1', properties: { plan: 'pro' }, groups: { company: 'acme' } }] });
  try {
    return await timed(times, () => nc.request(subject, body));
  } finally {
    subscription.unsubscribe();
  }
}

/** From the rotation's commit to the first `unknown_token` for the old token from the mapper. */
export async function rotationToRefusal(nc: NatsConnection, prefix: string, log: ProjectsLog, rotations: number): Promise<Latency & { samples: number[] }> {
  const resolve = rawResolver(nc, prefix);
  const samples: number[] = [];
  let current = tokenOf(2);
  for (let i = 0; i < rotations; i++) {
    const rotated = `phc_rotated_${i}_${'r'.repeat(30)}`;
    await log.resetToken(2, rotated);
    const committed = performance.now();
    const probe = encode({ events: [{ token: current, event: 'e', distinct_id: 'u' }] });
    while ((await resolve(probe)).results[0].ok);
    samples.push(performance.now() - committed);
    current = rotated;
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples };
}

/** From a move's commit (SPEC §7) to the mapper resolving the environment's token to the project it joined. */
export async function moveToResolved(nc: NatsConnection, prefix: string, log: ProjectsLog, moves: number): Promise<Latency & { samples: number[] }> {
  const resolve = rawResolver(nc, prefix) as (body: Uint8Array) => Promise<{ results: { ok: boolean; project_id?: number }[] }>;
  const [home, away] = [1_000_001, 1_000_002];
  const token = `phc_moving_${'m'.repeat(30)}`;
  await log.createProject(home, [[home, token]]);
  await log.createProject(away, [[away, `phc_staying_${'s'.repeat(30)}`]]);
  const probe = encode({ events: [{ token, event: 'e', distinct_id: 'u' }] });
  while ((await resolve(probe)).results[0].project_id !== home);
  const samples: number[] = [];
  for (let i = 0; i < moves; i++) {
    const to = i % 2 === 0 ? away : home;
    await log.moveEnvironment(home, to);
    const committed = performance.now();
    while ((await resolve(probe)).results[0].project_id !== to);
    samples.push(performance.now() - committed);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples };
}
