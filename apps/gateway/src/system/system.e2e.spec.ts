import { SERVICES } from '@strata/contracts';
import { eventually, RunningSystem, strata } from '@strata/testing';

const EVERY_SERVICE = SERVICES.map((service) => `service ${service}`);

describe('the running system', () => {
  const system = RunningSystem.forSpecs();

  it('is ready only when Postgres, NATS, its own flag model and every service answer', async () => {
    const response = await fetch(`${system.baseUrl}/_ready`);
    const body = (await response.json()) as { status: string; probes: Record<string, { status: string }> };

    expect(response.status).toBe(200);
    expect(Object.keys(body.probes).sort()).toEqual(['model', 'nats', 'postgres', ...EVERY_SERVICE].sort());
    expect(Object.values(body.probes).every((probe) => probe.status === 'ok')).toBe(true);
  });

  it('answers an unknown route with the SPEC error body', async () => {
    const response = await fetch(`${system.baseUrl}/api/nothing-here`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
  });

  it('serves Prometheus metrics on every service, the relay among them', async () => {
    const metrics = await (await fetch(`${system.url('projects')}/metrics`)).text();

    expect(metrics).toContain('process_cpu_seconds_total{service="projects"}');
    expect(metrics).toContain('strata_outbox_lag_seconds');
  });

  it('reports a service that stopped answering, and every service shuts down cleanly on SIGTERM', async () => {
    const other = await RunningSystem.start({ apps: ['gateway', 'projects'] });
    const ready = await fetch(`${other.baseUrl}/_ready`);
    const body = (await ready.json()) as { failed: string[] };
    const codes = await other.stop();

    expect(ready.status).toBe(503);
    expect(body.failed.sort()).toEqual(EVERY_SERVICE.filter((probe) => probe !== 'service projects').sort());
    expect(codes).toEqual({ gateway: 0, projects: 0 });
  });

  it('serves the operator’s series (SPEC §12), and `strata admin status` finds every service’s relay leader', async () => {
    const scrape = async (app: 'taxonomy' | 'flag-evaluation' | 'ingestion-mapping') => (await fetch(`${system.url(app)}/metrics`)).text();
    const taxonomy = await eventually(async () => {
      const text = await scrape('taxonomy');
      expect(text).toContain('strata_consumer_pending_messages{consumer="taxonomy-projects",service="taxonomy"} 0\n');
      return text;
    });
    expect(taxonomy).toContain('strata_outbox_backlog_events{service="taxonomy"}');
    expect(taxonomy).toContain('strata_dead_letters{consumer="taxonomy-projects",service="taxonomy"} 0\n');
    expect(await scrape('flag-evaluation')).toContain('strata_model_age_seconds{service="flag-evaluation"}');
    expect(await scrape('ingestion-mapping')).toContain('strata_model_age_seconds{service="ingestion-mapping"}');

    const run = await strata(['admin', 'status', '--json'], { NATS_URL: system.kit.natsUrl, NATS_PREFIX: system.kit.natsPrefix });
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as { relays: { service: string; leader: string | null }[]; consumers: { from: string; durable: string }[] };
    expect(status.relays.map((relay) => [relay.service, relay.leader !== null])).toEqual(SERVICES.map((service) => [service, true]));
    // The durables only: the in-memory services' followers read through ephemeral consumers of their own.
    expect(status.consumers.map((consumer) => `${consumer.from} → ${consumer.durable}`).sort()).toEqual(['ingestion-mapping → taxonomy-observations', 'projects → entities-projects', 'projects → taxonomy-projects']);
  });
});
