import { validate } from '@strata/service-kit';
import type { z } from 'zod';

/** A `taxonomy.*` payload validated where it enters the service (the one edge validation of service-kit). */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  return validate(schema, input ?? {});
}
