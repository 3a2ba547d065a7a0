import { validate } from '@strata/service-kit';
import type { z } from 'zod';

/** An HTTP body or query validated at the edge; an absent body is validated as `{}`. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, where: 'body' | 'query' = 'body'): z.output<Schema> {
  return validate(schema, where === 'body' && (input === undefined || input === null) ? {} : input);
}
