import type { DynamicModule, INestMicroservice, LoggerService, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RpcErrorFilter } from './rpc-error.filter';
import { RpcServer, type RpcServerOptions } from './rpc-server';

export interface RpcMicroserviceOptions extends RpcServerOptions {
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * A Nest microservice serving `module`'s `@MessagePattern` handlers over `RpcServer`, with `RpcErrorFilter` global.
 * Call `listen()` to start taking requests and `close()` to stop gracefully.
 */
export async function createRpcMicroservice(module: Type<unknown> | DynamicModule, options: RpcMicroserviceOptions): Promise<INestMicroservice> {
  const { logger, ...serverOptions } = options;
  const app = await NestFactory.createMicroservice(module, {
    strategy: new RpcServer(serverOptions),
    ...(logger === undefined ? {} : { logger }),
  });
  app.useGlobalFilters(new RpcErrorFilter());
  return app;
}
