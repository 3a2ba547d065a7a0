import pino from 'pino';
import { Shutdown } from './shutdown';

const silent = pino({ level: 'silent' });

describe('Shutdown', () => {
  it('runs the hooks stage by stage, whatever order they were registered in', async () => {
    const shutdown = new Shutdown(silent, 1_000);
    const order: string[] = [];
    shutdown.onStop('connections', 'postgres', () => order.push('postgres'));
    shutdown.onStop('workers', 'relay', async () => order.push('relay'));
    shutdown.onStop('http', 'http server', () => order.push('http'));
    shutdown.onStop('rpc', 'rpc', () => order.push('rpc'));
    shutdown.onStop('connections', 'nats-last', () => order.push('nats-last'));

    expect(await shutdown.run('SIGTERM')).toBe('clean');
    expect(order).toEqual(['http', 'rpc', 'relay', 'postgres', 'nats-last']);
  });

  it('runs once, however many signals arrive', async () => {
    const shutdown = new Shutdown(silent, 1_000);
    const stop = jest.fn();
    shutdown.onStop('workers', 'relay', stop);

    await Promise.all([shutdown.run('SIGTERM'), shutdown.run('SIGINT')]);

    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('keeps stopping after a failed hook and reports the failure', async () => {
    const shutdown = new Shutdown(silent, 1_000);
    const closeDatabase = jest.fn();
    shutdown.onStop('workers', 'relay', () => Promise.reject(new Error('stuck')));
    shutdown.onStop('connections', 'postgres', closeDatabase);

    expect(await shutdown.run('SIGTERM')).toBe('failed');
    expect(closeDatabase).toHaveBeenCalled();
  });

  it('gives up after the timeout', async () => {
    const shutdown = new Shutdown(silent, 50);
    shutdown.onStop('workers', 'consumer', () => new Promise(() => undefined));

    expect(await shutdown.run('SIGTERM')).toBe('timed-out');
  });
});
