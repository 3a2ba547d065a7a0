import { eventStreamName } from '@strata/contracts';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { PrivateNatsCluster } from '@strata/nats-server';
import { eventually, TEST_NATS_URL, testNamespace } from '@strata/testing';
import { ensureEventStream } from './event-stream';

/** NATS_STREAM_REPLICAS: streams get the configured copies, where the servers can hold them, and say so where not. */
describe('a stream’s replicas', () => {
  describe('on a single server', () => {
    let nc: NatsConnection;
    const { prefix } = testNamespace('streams');

    beforeAll(async () => {
      nc = await connect({ servers: TEST_NATS_URL });
    });

    afterAll(async () => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(eventStreamName('projects', prefix)).catch(() => undefined);
      await nc.close();
    });

    it('refuses more than one copy, on creation and on an existing stream, with what to do', async () => {
      const jsm = await nc.jetstreamManager();
      const refusal = /^stream \S+ cannot have 3 replicas: the NATS server is not clustered; set NATS_STREAM_REPLICAS to at most/;

      await expect(ensureEventStream(jsm, 'projects', prefix, { replicas: 3 })).rejects.toThrow(refusal);
      await ensureEventStream(jsm, 'projects', prefix, { replicas: 1 });
      await expect(ensureEventStream(jsm, 'projects', prefix, { replicas: 3 })).rejects.toThrow(refusal);
      // A reader of the stream (no replicas given) leaves it as it is.
      expect((await ensureEventStream(jsm, 'projects', prefix)).config.num_replicas).toBe(1);
    });
  });

  describe('on a cluster of 3', () => {
    let cluster: PrivateNatsCluster;
    let nc: NatsConnection;
    const { prefix } = testNamespace('streams');
    const stream = eventStreamName('projects', prefix);

    beforeAll(async () => {
      cluster = await PrivateNatsCluster.start(3);
      nc = await cluster.connect();
    }, 60_000);

    afterAll(async () => {
      await nc?.close();
      await cluster?.destroy();
    });

    it('rescales a stream a reader created with one copy, its durable consumers with it; more copies than servers is refused', async () => {
      const jsm = await nc.jetstreamManager();
      await ensureEventStream(jsm, 'projects', prefix);
      await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });

      const scaled = await ensureEventStream(jsm, 'projects', prefix, { replicas: 3 });
      await expect(ensureEventStream(jsm, 'projects', prefix, { replicas: 5 })).rejects.toThrow(
        /cannot have 5 replicas: the NATS cluster has fewer JetStream servers; set NATS_STREAM_REPLICAS/,
      );

      expect(scaled.config.num_replicas).toBe(3);
      await eventually(async () => expect((await jsm.streams.info(stream)).cluster?.replicas).toHaveLength(2), 30_000);
      await eventually(async () => expect((await jsm.consumers.info(stream, 'reader')).cluster?.replicas).toHaveLength(2), 30_000);
    }, 120_000);
  });
});
