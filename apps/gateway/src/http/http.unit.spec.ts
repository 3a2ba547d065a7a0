import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError, PayloadTooLargeError, PreconditionFailedError, ValidationError } from '@strata/contracts';
import { toStrataError } from './error.filter';
import { etagOf, expectedVersionFrom } from './etag';
import { parsePage, toPage } from './pagination';
import { parseInput } from './validation';

describe('request validation', () => {
  const schema = z.strictObject({ name: z.string().min(1), level: z.number().int().optional() });

  it('names the field of a wrong type in attr', () => {
    expect(() => parseInput(schema, { name: 3 })).toThrow(ValidationError);
    try {
      parseInput(schema, { name: 3 });
    } catch (error) {
      expect((error as ValidationError).toBody()).toMatchObject({ type: 'validation_error', attr: 'name' });
    }
  });

  it('refuses unknown fields, naming the first one', () => {
    try {
      parseInput(schema, { name: 'x', colour: 'red' });
      fail('accepted an unknown field');
    } catch (error) {
      expect((error as ValidationError).toBody()).toMatchObject({ attr: 'colour', detail: 'Unknown field(s): colour.' });
    }
  });

  it('says which required field is missing', () => {
    try {
      parseInput(schema, {});
      fail('accepted a missing field');
    } catch (error) {
      expect((error as ValidationError).toBody()).toMatchObject({ attr: 'name', detail: 'This field is required.' });
    }
  });
});

describe('error mapping', () => {
  it('maps fastify and Nest failures onto the SPEC error types', () => {
    expect(toStrataError(Object.assign(new Error('too big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }))).toBeInstanceOf(PayloadTooLargeError);
    expect(toStrataError(new SyntaxError('Unexpected token'))).toBeInstanceOf(ValidationError);
    expect(toStrataError(new HttpException('Cannot GET /x', 404))).toBeInstanceOf(NotFoundError);
    expect(toStrataError(new Error('secret internals')).toBody()).toEqual({ type: 'server_error', code: 'error', detail: 'Internal server error.', attr: null });
  });
});

describe('pagination', () => {
  it('links next and previous pages keeping the other query parameters', () => {
    const page = parsePage({ limit: '2', offset: '2' });
    expect(toPage('/api/v2/projects/?search=a&limit=2&offset=2', page, 5, ['c', 'd'])).toEqual({
      count: 5,
      next: '/api/v2/projects/?search=a&limit=2&offset=4',
      previous: '/api/v2/projects/?search=a&limit=2&offset=0',
      results: ['c', 'd'],
    });
  });

  it('defaults to 100 and refuses more than 1000', () => {
    expect(parsePage({})).toEqual({ limit: 100, offset: 0 });
    expect(() => parsePage({ limit: '1001' })).toThrow(ValidationError);
  });
});

describe('ETags', () => {
  it('round-trips a version and refuses a foreign tag with 412', () => {
    expect(expectedVersionFrom(etagOf(7))).toBe(7);
    expect(expectedVersionFrom('"7"')).toBe(7);
    expect(expectedVersionFrom(undefined)).toBeUndefined();
    expect(expectedVersionFrom('*')).toBeUndefined();
    expect(() => expectedVersionFrom('abc')).toThrow(PreconditionFailedError);
  });
});
