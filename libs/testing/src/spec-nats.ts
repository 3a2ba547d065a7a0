import { randomBytes } from 'node:crypto';
import { connect, type JetStreamManager, type NatsConnection, type StreamInfo } from 'nats';
import { TEST_NATS_URL } from './integration-kit';
import { SpecFixture } from './spec-fixture';

/** A schema and a NATS prefix of this spec file's own, so parallel runs never meet. */
export function testNamespace(label: string): { schema: string; prefix: string } {
  const hex = randomBytes(4).toString('hex');
  return { schema: `t_${hex}_${label}`, prefix: `t${hex}.` };
}

/** For a handler that must be slow (a spec's stand-in for work), never for a spec waiting: that is `eventually`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise to resolve from outside: holds a handler mid-flight until the spec lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Creates a stream under a prefix: `(jsm, prefix) => ensureEventStream(jsm, 'projects', prefix)` of @strata/messaging. */
export type StreamCreator = (jsm: JetStreamManager, prefix: string) => Promise<StreamInfo>;

/**
 * NATS for the specs of the enclosing `describe`, with streams of their own under `runPrefix` (made by `createStream`,
 * the messaging kit's: this lib sits below it). After the last spec it stops what `running` holds (consumers,
 * followers), deletes the streams and closes the connection.
 */
export class SpecNats {
  readonly running: Array<{ stop(): Promise<unknown> }> = [];
  private readonly streams: string[] = [];
  private readonly connection: SpecFixture<{ nc: NatsConnection; jsm: JetStreamManager }>;

  private constructor(name: string, private readonly runPrefix: string, private readonly createStream: StreamCreator) {
    this.connection = new SpecFixture(
      async () => {
        const nc = await connect({ servers: TEST_NATS_URL, name });
        return { nc, jsm: await nc.jetstreamManager() };
      },
      () => this.close(),
    );
  }

  static forSpecs(name: string, runPrefix: string, createStream: StreamCreator): SpecNats {
    return new SpecNats(name, runPrefix, createStream);
  }

  get nc(): NatsConnection {
    return this.connection.current.nc;
  }

  get jsm(): JetStreamManager {
    return this.connection.current.jsm;
  }

  /** A stream of the test's own, so each consumer sees only what its test publishes; resolves with its prefix. */
  async ownStream(label: string): Promise<string> {
    const prefix = `${this.runPrefix}${label}.`;
    this.streams.push((await this.createStream(this.jsm, prefix)).config.name);
    return prefix;
  }

  private async close(): Promise<void> {
    await Promise.all(this.running.map((running) => running.stop()));
    for (const stream of this.streams) await this.jsm.streams.delete(stream).catch(() => undefined);
    await this.nc.drain();
  }
}
