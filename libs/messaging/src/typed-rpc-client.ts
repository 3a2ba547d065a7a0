import { RpcClient, type RpcClientOptions } from './rpc-client';

/** Subject → request and response: a contract's `XRpc` map (`projects.ProjectsRpc`), or an intersection of several. */
export type RpcMap<Rpc> = { [Subject in keyof Rpc]: { request: unknown; response: unknown } };
export type RpcSubject<Rpc> = keyof Rpc & string;

export interface TypedRpcClientOptions extends RpcClientOptions {
  /** How long one attempt of a `read` waits before it is sent again (default: the request timeout). */
  readAttemptMs?: number;
}

/**
 * The one typed request/reply client: `RpcClient` over the subjects of the contracts' maps, so a wrong subject or
 * payload does not compile and the answer has its contract's type. A service binds it once to the subjects it asks
 * (`class OtherServices extends TypedRpcClient<projects.ProjectsRpc & …> {}`, with the idempotent reads it may
 * ask again as a second parameter) and provides it with the service kit's
 * `rpcClientProvider`; it closes with the Nest module.
 */
export class TypedRpcClient<Rpc extends RpcMap<Rpc>, Reads extends RpcSubject<Rpc> = never> {
  /** The untyped client, for a subject no contract maps (a service's `<service>.health`). */
  readonly rpc: RpcClient;
  private readonly readAttemptMs?: number;

  constructor(options: TypedRpcClientOptions) {
    this.rpc = new RpcClient(options);
    this.readAttemptMs = options.readAttemptMs;
  }

  /** The handler's answer, or the typed `StrataError` it threw (503 when nobody answered in time). */
  call<Subject extends RpcSubject<Rpc>>(subject: Subject, request: Rpc[Subject]['request'], options: { timeoutMs?: number } = {}): Promise<Rpc[Subject]['response']> {
    return this.rpc.request(subject, request, options);
  }

  /**
   * An idempotent read only (asking twice changes nothing): sent again when no instance answered — each attempt
   * `readAttemptMs` at most, all within the request timeout — so a killed instance costs a short delay, not a 503.
   * No command is ever asked again: a lost answer may hide a done write, so only the subjects named `Reads` compile.
   */
  read<Subject extends Reads>(subject: Subject, request: Rpc[Subject]['request']): Promise<Rpc[Subject]['response']> {
    return this.rpc.read(subject, request, { attemptMs: this.readAttemptMs ?? Number.POSITIVE_INFINITY });
  }

  close(): void {
    this.rpc.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}
