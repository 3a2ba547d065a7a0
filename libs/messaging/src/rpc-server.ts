import { type MessageHandler, NatsContext, Server, Transport, type CustomTransportStrategy } from '@nestjs/microservices';
import { rpcSubject, ValidationError } from '@strata/contracts';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { runInContext } from './context';
import { closeNats, connectNats } from './nats-connection';
import { PublishBatch } from './publish-batch';
import { withJsonTextRanges, type EncodedBody } from './json-text-codec';
import { contextOfRequest, decodeRequest, encodeReply, toWireError, type RpcOutcome, type RpcRequest } from './rpc-codec';
import { partBytesOf, replyParts } from './rpc-reply-parts';

export interface RpcServerOptions {
  url: string | string[];
  /** The serving service: its name is the queue group, so its instances share the requests. */
  service: string;
  /** Namespace of every subject (tests set one so parallel runs never meet). */
  prefix?: string;
  /** Connection name shown to NATS operators. */
  connectionName?: string;
  /** How long `close()` waits for requests in flight before closing the connection. */
  stopTimeoutMs?: number;
}

/**
 * Nest's NATS transport with what Strata needs on top: subjects `prefix + pattern`, one queue group per service,
 * the request's context (`x-correlation-id`, `x-actor`) around each handler, raw JSON requests answered raw, and
 * errors always answered as a wire error. Register `RpcErrorFilter` globally (see `createRpcMicroservice`).
 */
export class RpcServer extends Server implements CustomTransportStrategy {
  override transportId = Transport.NATS;
  private nc?: NatsConnection;
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly replies = new PublishBatch();

  constructor(private readonly options: RpcServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.nc = await connectNats({ url: this.options.url, name: this.options.connectionName ?? `${this.options.service}-rpc` });
      this.subscribeHandlers(this.nc);
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops taking requests, answers those in flight, then closes the connection. */
  async close(): Promise<void> {
    if (!this.nc) return;
    await Promise.allSettled(this.subscriptions.splice(0).map((sub) => sub.drain()));
    await settleWithin([...this.inFlight], this.options.stopTimeoutMs ?? 10_000);
    this.replies.flush();
    await closeNats(this.nc);
    this.nc = undefined;
  }

  on(): never {
    throw new Error('RpcServer has no events: watch unwrap<NatsConnection>().status() instead');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('RpcServer is not listening');
    return this.nc as T;
  }

  private subscribeHandlers(nc: NatsConnection): void {
    // The handler is looked up once per subject: Nest's getHandlerByPattern tries JSON.parse on every string pattern
    // and pays a thrown SyntaxError per request.
    for (const [pattern, handler] of this.messageHandlers) {
      const subscription = nc.subscribe(rpcSubject(pattern, this.options.prefix), {
        queue: this.options.service,
        callback: (error, msg) => (error ? this.logger.error(error) : this.track(this.handle(pattern, handler, msg))),
      });
      this.subscriptions.push(subscription);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private handle(pattern: string, handler: MessageHandler, msg: Msg): Promise<void> {
    const request = decodeRequest(msg.data);
    return runInContext(contextOfRequest(msg.headers, request), () => this.dispatch(pattern, handler, msg, request));
  }

  private async dispatch(pattern: string, handler: MessageHandler, msg: Msg, request: RpcRequest): Promise<void> {
    const context = new NatsContext([msg.subject, msg.headers]);
    if (request.kind === 'nest-event') return this.handleEvent(pattern, { pattern, data: request.data }, context);
    const outcome: RpcOutcome =
      request.kind === 'invalid' ? { err: new ValidationError(request.reason).toWire() } : await this.invoke(handler, request.data, context);
    if (!msg.reply) return;
    const reply = encodeReply(request, outcome);
    this.replies.send(() => this.respond(msg, reply));
  }

  private respond(msg: Msg, reply: EncodedBody): void {
    try {
      // A reply over max_payload goes in parts (`rpc-reply-parts.ts`), which RpcClient joins; each says where its JSON text lies.
      for (const part of replyParts(reply.data, partBytesOf(this.nc?.info?.max_payload))) {
        const headers = withJsonTextRanges(part.headers, reply.headers);
        msg.respond(part.data, headers ? { headers } : undefined);
      }
    } catch (error) {
      // A closed connection: the caller will time out, so say why here.
      this.logger.error(`cannot answer ${msg.subject}: ${(error as Error).message}`);
    }
  }

  /** Runs the handler through Nest's pipeline (guards, pipes, interceptors, filters); a stream answers its last value. */
  private async invoke(handler: MessageHandler, data: unknown, context: NatsContext): Promise<RpcOutcome> {
    try {
      // Nest answers a handler's value, or a stream when it threw (through the filters); only a stream needs RxJS.
      const result: unknown = await handler(data, context);
      return { response: isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result };
    } catch (error) {
      return { err: toWireError(error, this.logger, context.getSubject()) };
    }
  }
}

async function settleWithin(work: Promise<unknown>[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled(work), timeout]);
  clearTimeout(timer);
}
