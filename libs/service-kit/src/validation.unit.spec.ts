import { pageRequestSchema, ValidationError } from '@strata/contracts';
import { z } from 'zod';
import { messageParser } from './validation';

const parse = messageParser({
  project: z.object({ projectId: z.number() }),
  environment: z.object({ environment: z.object({ name: z.string() }) }),
  changes: z.object({ changes: z.object({ settings: z.object({ timezone: z.string() }) }) }),
  page: z.object({ page: pageRequestSchema }),
  two: z.object({ a: z.string(), b: z.number() }),
});

const attrOf = (subject: Parameters<typeof parse>[0], payload: unknown) => {
  try {
    parse(subject, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).attr;
  }
  throw new Error('expected a ValidationError');
};

describe('messageParser', () => {
  it('names a field the way the HTTP body does: snake_case, without the envelope keys', () => {
    expect(attrOf('project', { projectId: 'x' })).toBe('project_id');
    expect(attrOf('environment', { environment: {} })).toBe('name');
    expect(attrOf('changes', { changes: { settings: { timezone: 1 } } })).toBe('timezone');
    expect(attrOf('page', { page: { limit: 0 } })).toBe('page.limit');
  });

  it('lists every problem and says which field is missing', () => {
    let caught: ValidationError | undefined;
    try {
      parse('two', {});
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
    expect(parse('page', undefined)).toEqual({ page: { limit: 100, offset: 0 } });
  });
});
