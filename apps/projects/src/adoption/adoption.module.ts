import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@strata/service-kit';
import type { ProjectsConfig } from '../config';
import { AdoptionHandlers } from './adoption.handlers';
import { AdoptionRunner } from './adoption-runner';
import { adoptionServicesProvider } from './adoption-services';

/**
 * Moving environments between projects (SPEC §7). Adoptions whose driver died are taken up at start and by a sweep
 * every `ADOPTION_SWEEP_MS`, so a crash part way converges without anyone asking again.
 */
@Module({ controllers: [AdoptionHandlers], providers: [adoptionServicesProvider, AdoptionRunner] })
export class AdoptionModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweep: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: AdoptionRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ProjectsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const resume = () => (this.sweeping = this.sweeping.then(() => this.runner.resumeAll()).catch(() => undefined));
    resume();
    this.sweep = setInterval(resume, this.config.ADOPTION_SWEEP_MS);
    this.sweep.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweep);
    await this.sweeping;
  }
}
