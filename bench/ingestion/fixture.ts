import type { IntegrationKit } from '@strata/testing';
import type { NatsConnection } from 'nats';
// eslint-disable-next-line no-restricted-imports -- the benchmark drives the mapper with the spec's projects log; no service imports it.
import { ProjectsLog } from '../../apps/ingestion-mapping/src/testing/projects-log';

export const ENVIRONMENTS = 50;
export const PER_PROJECT = 5;
export const tokenOf = (environmentId: number): string => `phc_${String(environmentId).padStart(43, 'x')}`;
export const projectOf = (environmentId: number): number => Math.floor((environmentId - 1) / PER_PROJECT) * PER_PROJECT + 1;

/** 50 environments in 10 projects (ids 1–50, each project's id its first environment's), as the projects service emits them. */
export async function seedProjects(kit: IntegrationKit): Promise<ProjectsLog> {
  const log = await ProjectsLog.open(kit);
  for (let projectId = 1; projectId <= ENVIRONMENTS; projectId += PER_PROJECT) {
    const environments = Array.from({ length: PER_PROJECT }, (_, i): [number, string] => [projectId + i, tokenOf(projectId + i)]);
    await log.createProject(projectId, environments);
  }
  return log;
}

/** The raw NATS request of SPEC §5: bare JSON in, bare JSON out. */
export function rawResolver(nc: NatsConnection, prefix: string): (body: Uint8Array) => Promise<{ results: { ok: boolean }[] }> {
  const subject = `${prefix}ingestion.resolve`;
  return async (body) => (await nc.request(subject, body, { timeout: 30_000 })).json<{ results: { ok: boolean }[] }>();
}

export const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A batch of `size` events spread over the environments, 8 properties each, groups of two known types. */
export function batchOf(size: number, seed: number): { events: unknown[] } {
  const events = [];
  for (let i = 0; i < size; i++) {
    const n = seed * size + i;
    const properties: Record<string, unknown> = { $browser: 'Firefox', $current_url: `https://example.com/${n % 97}` };
    for (let p = 0; p < 6; p++) properties[`property-${(n * 7 + p) % 50}`] = p % 3 === 0 ? n : p % 3 === 1 ? `v${n}` : n % 2 === 0;
    events.push({ token: tokenOf((n % ENVIRONMENTS) + 1), event: `event-${n % 20}`, distinct_id: `user-${n % 10_000}`, properties, groups: { company: `c${n % 50}`, project: `p${n % 20}` } });
  }
  return { events };
}
