import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { BaseConfig } from '../config/config';
import { SERVICE_CONFIG } from '../service-kit.module';

export interface HealthReply {
  status: 'ok';
  service: string;
}

/**
 * `<service>.health` over NATS: the gateway's `/_ready` asks every service, so "ready" means each one answers on
 * the bus the API goes through, not merely that its process is up.
 */
export function healthControllerFor(service: string) {
  @Controller()
  class HealthController {
    constructor(@Inject(SERVICE_CONFIG) private readonly config: BaseConfig) {}

    @MessagePattern(`${service}.health`)
    health(): HealthReply {
      return { status: 'ok', service: this.config.SERVICE_NAME };
    }
  }
  return HealthController;
}
