import { Readiness } from './readiness';

describe('Readiness', () => {
  it('is ready when every probe resolves', async () => {
    const readiness = new Readiness();
    readiness.register('postgres', async () => undefined);
    readiness.register('nats', async () => undefined);

    const report = await readiness.check();

    expect(report).toMatchObject({ status: 'ready', failed: [], probes: { postgres: { status: 'ok' }, nats: { status: 'ok' } } });
  });

  it('lists the probes that rejected or did not answer in time', async () => {
    const readiness = new Readiness(50);
    readiness.register('postgres', async () => undefined);
    readiness.register('nats', async () => Promise.reject(new Error('connection closed')));
    readiness.register('projects', () => new Promise(() => undefined));

    const report = await readiness.check();

    expect(report.status).toBe('unavailable');
    expect(report.failed).toEqual(['nats', 'projects']);
    expect(report.probes.nats).toMatchObject({ status: 'failed', error: 'connection closed' });
    expect(report.probes.projects).toMatchObject({ status: 'failed', error: 'no answer within 50 ms' });
  });

  it('refuses two probes of one name', () => {
    const readiness = new Readiness();
    readiness.register('postgres', async () => undefined);

    expect(() => readiness.register('postgres', async () => undefined)).toThrow('already registered');
  });
});
