import { type BaseConfig, baseConfigSchema, envVar } from '@strata/service-kit';
import type { z } from 'zod';

export const projectsConfigSchema = baseConfigSchema.extend({
  /** Per step of an environment's adoption (taxonomy's merge, entities' move): each is one append, large ones take seconds. */
  ADOPTION_STEP_TIMEOUT_MS: envVar.int(100).prefault('60000'),
  /** How often adoptions nobody drives (their driver died) are looked for and taken up. */
  ADOPTION_SWEEP_MS: envVar.int(100).prefault('5000'),
});

export type ProjectsConfig = z.output<typeof projectsConfigSchema> & BaseConfig;
