import type { FactoryProvider } from '@nestjs/common';
import type { TypedRpcClientOptions } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import type { BaseConfig } from './config/config';
import { NATS_CONNECTION, SERVICE_CONFIG } from './service-kit.module';

type ClientOptions = Omit<TypedRpcClientOptions, 'nc' | 'prefix'>;

/**
 * A service's typed request/reply client (a `TypedRpcClient` bound to the subjects it asks) as a Nest provider: on
 * the service's NATS connection and prefix, with `RPC_TIMEOUT_MS` unless `options` says otherwise; Nest closes it.
 */
export function rpcClientProvider<Client, Config extends BaseConfig>(
  client: new (options: TypedRpcClientOptions) => Client,
  options: (config: Config) => ClientOptions = () => ({}),
): FactoryProvider<Client> {
  return {
    provide: client,
    inject: [NATS_CONNECTION, SERVICE_CONFIG],
    useFactory: (nc: NatsConnection, config: Config) => new client({ nc, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS, ...options(config) }),
  };
}
