import { Writable } from 'node:stream';
import { runInContext } from '@strata/messaging';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';

function capture(): { lines: () => Array<Record<string, unknown>>; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { destination, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines naming the service, with the correlation id and actor of the work in progress', () => {
    const out = capture();
    const logger = createLogger({ service: 'projects', level: 'info', destination: out.destination });

    logger.info('outside');
    runInContext({ correlationId: 'c-1', actor: 'user:7' }, () => logger.info('inside'));

    const [outside, inside] = out.lines();
    expect(outside).toMatchObject({ service: 'projects', level: 'info', msg: 'outside' });
    expect(outside).not.toHaveProperty('correlationId');
    expect(inside).toMatchObject({ service: 'projects', msg: 'inside', correlationId: 'c-1', actor: 'user:7' });
  });

  it('carries Nest logs, keeping their context and stack', () => {
    const out = capture();
    const nest = new PinoNestLogger(createLogger({ service: 'gateway', level: 'debug', destination: out.destination }));

    nest.log('Mapped {/_health, GET} route', 'RouterExplorer');
    nest.warn('slow start', 'Bootstrap');
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'ExceptionHandler');

    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'debug', context: 'RouterExplorer', msg: 'Mapped {/_health, GET} route' }),
      expect.objectContaining({ level: 'warn', context: 'Bootstrap', msg: 'slow start' }),
      expect.objectContaining({ level: 'error', context: 'ExceptionHandler', stack: 'Error: boom\n    at x (y.ts:1:1)', msg: 'boom' }),
    ]);
  });
});
