import { ValidationError } from '@strata/contracts';
import { z } from 'zod';
import { pageSchema, parsePayload } from './edge';

const attrOf = (schema: z.ZodType, payload: unknown) => {
  try {
    parsePayload(schema, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).attr;
  }
  throw new Error('expected a ValidationError');
};

describe('parsePayload', () => {
  it('names a field the way the HTTP body does: snake_case, without the envelope key', () => {
    expect(attrOf(z.object({ projectId: z.number() }), { projectId: 'x' })).toBe('project_id');
    expect(attrOf(z.object({ environment: z.object({ name: z.string() }) }), { environment: {} })).toBe('name');
    expect(attrOf(z.object({ changes: z.object({ timezone: z.string() }) }), { changes: { timezone: 1 } })).toBe('timezone');
    expect(attrOf(z.object({ page: pageSchema }), { page: { limit: 0 } })).toBe('page.limit');
  });

  it('lists every problem and says which field is missing', () => {
    let caught: ValidationError | undefined;
    try {
      parsePayload(z.object({ a: z.string(), b: z.number() }), {});
    } catch (error) {
      caught = error as ValidationError;
    }
    expect(caught?.detail).toBe('This field is required.');
    expect(caught?.extra.errors).toEqual([
      { attr: 'a', detail: 'This field is required.' },
      { attr: 'b', detail: 'This field is required.' },
    ]);
  });

  it('reads an absent payload as empty, and defaults the page', () => {
    expect(parsePayload(z.object({ page: pageSchema }), undefined)).toEqual({ page: { limit: 100, offset: 0 } });
  });
});
