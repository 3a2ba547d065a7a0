import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { ClientNats, MessagePattern, Payload } from '@nestjs/microservices';
import { ConflictError, InternalError, ServiceUnavailableError } from '@strata/contracts';
import type { NatsConnection } from 'nats';
import { firstValueFrom } from 'rxjs';
import { currentContext, runInContext } from './context';
import { closeNats, connectNats } from './nats-connection';
import { NO_INSTANCE, RpcClient } from './rpc-client';
import { decodeRequest, encodeReply } from './rpc-codec';
import { createRpcMicroservice } from './rpc-microservice';
import { sleep, TEST_NATS_URL, testNamespace } from '@strata/testing';

const { prefix } = testNamespace('messaging_rpc');
const INSTANCE = Symbol('instance');
/** Which server instance answered which request: shared by both instances, so "exactly once" is countable. */
const answered: { instance: string; request: number }[] = [];
/** Called when a slow request has reached a handler: "in flight" without guessing how long delivery takes. */
let slowStarted: () => void = () => undefined;

@Controller()
class EchoController {
  constructor(@Inject(INSTANCE) private readonly instance: string) {}

  @MessagePattern('echo.context')
  context() {
    return { context: currentContext(), instance: this.instance };
  }

  @MessagePattern('echo.sum')
  sum(@Payload() data: { a: number; b: number }) {
    return { sum: data.a + data.b };
  }

  @MessagePattern('echo.count')
  count(@Payload() data: { request: number }) {
    answered.push({ instance: this.instance, request: data.request });
    return data.request;
  }

  /** An answer of `items` objects: three of them, at the default max_payload of 1 MiB, need several messages. */
  @MessagePattern('echo.large')
  large(@Payload() data: { items: number }) {
    return Array.from({ length: data.items }, (_, i) => ({ i, text: `item ${i} ${'é'.repeat(20)}` }));
  }

  @MessagePattern('echo.taken')
  taken(): never {
    throw new ConflictError('That name is taken.', 'duplicate_name', 'name', { existing: 42 });
  }

  @MessagePattern('echo.crash')
  crash(): never {
    throw new Error('connection string postgres://secret');
  }

  @MessagePattern('echo.slow')
  async slow(@Payload() data: { ms: number }) {
    slowStarted();
    await sleep(data.ms);
    return 'late';
  }
}

@Module({})
class EchoModule {
  static instance(name: string): DynamicModule {
    return { module: EchoModule, controllers: [EchoController], providers: [{ provide: INSTANCE, useValue: name }] };
  }
}

describe('RPC over Nest NATS transport', () => {
  let servers: INestMicroservice[];
  let nc: NatsConnection;
  let client: RpcClient;

  beforeAll(async () => {
    servers = await Promise.all(['a', 'b'].map((name) => createRpcMicroservice(EchoModule.instance(name), { url: TEST_NATS_URL, service: 'echo', prefix, logger: false })));
    await Promise.all(servers.map((server) => server.listen()));
    nc = await connectNats({ url: TEST_NATS_URL, name: 'messaging-rpc-spec' });
    client = new RpcClient({ nc, prefix, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await closeNats(nc);
  });

  it('carries the caller context (correlation id, actor) to the handler', async () => {
    const reply = await runInContext({ correlationId: 'corr-42', actor: 'user:7' }, () =>
      client.request<{ context: unknown }>('echo.context', {}),
    );

    expect(reply.context).toEqual({ correlationId: 'corr-42', actor: 'user:7' });
  });

  it('answers a reply larger than one NATS message whole, in parts, beside small ones', async () => {
    const items = 60_000;
    const [large, small] = await Promise.all([client.request<{ i: number; text: string }[]>('echo.large', { items }, { timeoutMs: 20_000 }), client.request('echo.sum', { a: 1, b: 2 })]);

    expect(JSON.stringify(large).length).toBeGreaterThan(2 * (nc.info?.max_payload ?? 0));
    expect(large).toHaveLength(items);
    expect(large[items - 1]).toEqual({ i: items - 1, text: `item ${items - 1} ${'é'.repeat(20)}` });
    expect(small).toEqual({ sum: 3 });
  });

  it('answers a StrataError as the same typed error at the client', async () => {
    const error = await client.request('echo.taken', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'duplicate_name', attr: 'name', detail: 'That name is taken.', extra: { existing: 42 } });
  });

  it('answers an unexpected error as an InternalError that leaks nothing', async () => {
    const error = await client.request('echo.crash', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).detail).not.toContain('secret');
  });

  it('gives up with ServiceUnavailableError when the handler is too slow', async () => {
    await expect(client.request('echo.slow', { ms: 500 }, { timeoutMs: 100 })).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('fails with ServiceUnavailableError, told by NATS rather than by its timeout, when no server listens', async () => {
    const refusal = client.request('nobody.home', {}, { timeoutMs: 30_000 });

    await expect(refusal).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(refusal).rejects.toThrow(NO_INSTANCE);
  });

  it('asks a read again when the instance that took it falls silent (killed), never a plain request', async () => {
    // One instance that never answers its first request, as one killed while holding it; later ones it answers.
    let received = 0;
    const silentOnce = nc.subscribe(`${prefix}echo.silent-once`, {
      queue: 'echo',
      callback: (_, msg) => {
        if (++received > 1) msg.respond(encodeReply(decodeRequest(msg.data), { response: 'answered' }).data);
      },
    });

    const plain = client.request('echo.silent-once', {}, { timeoutMs: 300 });
    await expect(plain).rejects.toBeInstanceOf(ServiceUnavailableError);
    received = 0;
    const read = await client.read<string>('echo.silent-once', {}, { attemptMs: 300, timeoutMs: 30_000 });

    expect(read).toBe('answered');
    expect(received).toBe(2);
    silentOnce.unsubscribe();
  });

  it('shares the requests between the instances of the queue group, each answered exactly once', async () => {
    answered.length = 0;
    const requests = Array.from({ length: 60 }, (_, i) => i);

    const replies = await Promise.all(requests.map((request) => client.request<number>('echo.count', { request })));

    expect(replies).toEqual(requests);
    expect(answered.map((a) => a.request).sort((x, y) => x - y)).toEqual(requests);
    expect(new Set(answered.map((a) => a.instance))).toEqual(new Set(['a', 'b']));
  });

  it('answers a raw JSON request with the raw JSON reply, and a raw error with the wire error', async () => {
    const sum = await nc.request(`${prefix}echo.sum`, new TextEncoder().encode('{"a": 1, "b": 2}'), { timeout: 2_000 });
    const taken = await nc.request(`${prefix}echo.taken`, new TextEncoder().encode('{}'), { timeout: 2_000 });
    const garbage = await nc.request(`${prefix}echo.sum`, new TextEncoder().encode('{"a": '), { timeout: 2_000 });

    expect(sum.string()).toBe('{"sum":3}');
    expect(taken.json()).toEqual({ status: 409, type: 'invalid_request', code: 'duplicate_name', detail: 'That name is taken.', attr: 'name', existing: 42 });
    expect(garbage.json()).toMatchObject({ status: 400, type: 'validation_error' });
  });

  it('closes gracefully: a request in flight is still answered', async () => {
    const closingPrefix = `${prefix}closing.`;
    const server = await createRpcMicroservice(EchoModule.instance('c'), { url: TEST_NATS_URL, service: 'echo', prefix: closingPrefix, logger: false });
    await server.listen();
    const closing = new RpcClient({ nc, prefix: closingPrefix });

    const inHandler = new Promise<void>((resolve) => (slowStarted = resolve));
    const reply = closing.request('echo.slow', { ms: 300 });
    await inHandler;
    await server.close();

    await expect(reply).resolves.toBe('late');
    await expect(closing.request('echo.sum', { a: 1, b: 1 })).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("keeps serving Nest's own ClientNats", async () => {
    const nest = new ClientNats({ servers: TEST_NATS_URL });
    try {
      expect(await firstValueFrom(nest.send(`${prefix}echo.sum`, { a: 2, b: 3 }))).toEqual({ sum: 5 });
    } finally {
      await nest.close();
    }
  });
});
