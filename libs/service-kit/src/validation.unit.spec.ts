import { MAX_JSON_DEPTH, pageRequestSchema, ValidationError } from '@strata/contracts';
import { z } from 'zod';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { messageParser, requestHandlers, validate } from './validation';

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

describe('requestHandlers', () => {
  const Handles = requestHandlers({ two: z.object({ a: z.string(), b: z.number() }) });

  class TwoHandlers {
    readonly seen: unknown[][] = [];

    @Handles('two')
    async two(request: { a: string; b: number }, ...rest: unknown[]): Promise<string> {
      this.seen.push([request, ...rest]);
      return `${request.a}${request.b}`;
    }
  }

  it('listens on the subject and hands the method the parsed request, the rest of what Nest passes untouched', async () => {
    const handlers = new TwoHandlers();
    expect(Reflect.getMetadata(PATTERN_METADATA, TwoHandlers.prototype.two)).toEqual(['two']);
    await expect(handlers.two({ a: 'x', b: 1 } as never, 'context')).resolves.toBe('x1');
    expect(handlers.seen).toEqual([[{ a: 'x', b: 1 }, 'context']]);
  });

  it('refuses a payload its schema refuses before the method runs', () => {
    const handlers = new TwoHandlers();
    expect(() => handlers.two({ a: 'x' } as never)).toThrow(ValidationError);
    expect(handlers.seen).toEqual([]);
  });
});

describe('what no schema may let in', () => {
  const anything = z.object({ name: z.string().optional(), settings: z.record(z.string(), z.unknown()).optional() });
  const refusal = (input: unknown) => {
    try {
      validate(anything, input);
    } catch (error) {
      return (error as ValidationError).toBody();
    }
    throw new Error('accepted');
  };
  const nested = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };

  it('refuses a NUL or an unpaired surrogate anywhere, naming the field (Postgres stores neither)', () => {
    expect(refusal({ name: 'a\u0000b' })).toMatchObject({ type: 'validation_error', code: 'unstorable_text', attr: 'name' });
    expect(refusal({ name: '\ud800' })).toMatchObject({ code: 'unstorable_text', attr: 'name' });
    expect(refusal({ settings: { list: ['ok', 'x\udfff'] } })).toMatchObject({ attr: 'settings.list.1' });
    expect(refusal({ settings: { 'key\u0000': 1 } })).toMatchObject({ code: 'unstorable_text', attr: 'settings' });
    expect(validate(anything, { name: 'emoji 😀 and ünïcode' })).toEqual({ name: 'emoji 😀 and ünïcode' });
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, at any depth without overflowing`, () => {
    expect(validate(anything, { settings: nested(MAX_JSON_DEPTH - 1) })).toBeDefined();
    expect(refusal({ settings: nested(MAX_JSON_DEPTH) })).toMatchObject({ code: 'too_deep', attr: expect.stringMatching(/^settings(\.a)+$/) });
    expect(refusal({ settings: nested(100_000) })).toMatchObject({ code: 'too_deep' });
  });

  it('names the field of a NATS message as the HTTP body names it', () => {
    expect(attrOf('environment', { environment: { name: 'x\u0000' } })).toBe('name');
  });
});
