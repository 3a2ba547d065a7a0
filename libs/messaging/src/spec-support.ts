import { randomBytes } from 'node:crypto';
import { eventStreamName, serviceEventsFilter } from '@strata/contracts';
import { SpecFixture } from '@strata/testing';
import type { JetStreamManager, NatsConnection } from 'nats';
import { closeNats, connectNats } from './nats-connection';
import { ensureStream } from './streams';

export const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema and a NATS prefix of this spec file's own, so parallel runs never meet. */
export function testNamespace(label: string): { schema: string; prefix: string } {
  const hex = randomBytes(4).toString('hex');
  return { schema: `t_${hex}_${label}`, prefix: `t${hex}.` };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise to resolve from outside: holds a handler mid-flight until the spec lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * NATS for the specs of the enclosing `describe`, with projects streams of their own under `runPrefix`. After the last
 * spec it stops what `running` holds (consumers, followers), deletes the streams and closes the connection.
 */
export class SpecNats {
  readonly running: Array<{ stop(): Promise<unknown> }> = [];
  private readonly streams: string[] = [];
  private readonly connection: SpecFixture<{ nc: NatsConnection; jsm: JetStreamManager }>;

  private constructor(name: string, private readonly runPrefix: string) {
    this.connection = new SpecFixture(
      async () => {
        const nc = await connectNats({ url: natsUrl, name });
        return { nc, jsm: await nc.jetstreamManager() };
      },
      () => this.close(),
    );
  }

  static forSpecs(name: string, runPrefix: string): SpecNats {
    return new SpecNats(name, runPrefix);
  }

  get nc(): NatsConnection {
    return this.connection.current.nc;
  }

  get jsm(): JetStreamManager {
    return this.connection.current.jsm;
  }

  /** A projects stream of the test's own, so each consumer sees only what its test publishes; resolves with its prefix. */
  async projectsStream(label: string): Promise<string> {
    const prefix = `${this.runPrefix}${label}.`;
    const stream = eventStreamName('projects', prefix);
    this.streams.push(stream);
    await ensureStream(this.jsm, { name: stream, subjects: [serviceEventsFilter('projects', prefix)] });
    return prefix;
  }

  private async close(): Promise<void> {
    await Promise.all(this.running.map((running) => running.stop()));
    for (const stream of this.streams) await this.jsm.streams.delete(stream).catch(() => undefined);
    await closeNats(this.nc);
  }
}
