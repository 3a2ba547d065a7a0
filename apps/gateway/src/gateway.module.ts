import { Module } from '@nestjs/common';
import { Services } from './services';

/** The HTTP API (SPEC §4): authentication, validation and the routes, each answered by a service over NATS. */
@Module({
  providers: [Services],
  exports: [Services],
})
export class GatewayModule {}
