import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@strata/contracts';
import type { z } from 'zod';
import { parseInput } from './validation';

/**
 * Validates every body and query typed with a zod DTO against its schema, with the SPEC's 400 (`attr` naming the
 * field). The same schema feeds the OpenAPI document, so what is documented is what is enforced.
 */
@Injectable()
export class EdgeValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const schema = zodSchemaOf(metadata.metatype);
    return schema ? parseInput(schema, value, metadata.type) : value;
  }
}

/** A `createZodDto` class carries its schema; nestjs-zod's own check is not exported to CommonJS. */
function zodSchemaOf(metatype: unknown): z.ZodType | undefined {
  if (typeof metatype !== 'function') return undefined;
  const dto = metatype as { isZodDto?: unknown; schema?: z.ZodType };
  return dto.isZodDto === true ? dto.schema : undefined;
}

const INTEGER_ID = /^[1-9][0-9]{0,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project or environment id in a path. Anything else names nothing: 404, as for an id that does not exist. */
@Injectable()
export class IntegerIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!INTEGER_ID.test(value)) throw new NotFoundError();
    return Number(value);
  }
}

/** An organization, user or key id in a path (UUIDs). */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundError();
    return value.toLowerCase();
  }
}
