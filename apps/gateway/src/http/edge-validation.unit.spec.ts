import { NotFoundError, ValidationError } from '@strata/contracts';
import { CreateEnvironmentRequestDto, PageQueryDto } from '../api/dtos';
import { EdgeValidationPipe, IntegerIdPipe, UuidPipe } from './edge-validation.pipe';

function problemOf(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return (error as ValidationError).toBody();
  }
  throw new Error('accepted');
}

describe('validation at the edge', () => {
  const pipe = new EdgeValidationPipe();
  const body = (value: unknown) => pipe.transform(value, { type: 'body', metatype: CreateEnvironmentRequestDto });

  it('accepts a body of its DTO and leaves other parameters alone', () => {
    expect(body({ name: 'Staging', timezone: 'Europe/Paris' })).toEqual({ name: 'Staging', timezone: 'Europe/Paris' });
    expect(pipe.transform('7', { type: 'param', metatype: String })).toBe('7');
  });

  it('names the unknown field, the field of a wrong type and the missing one', () => {
    expect(problemOf(() => body({ name: 'S', colour: 'red' }))).toMatchObject({ type: 'validation_error', attr: 'colour' });
    expect(problemOf(() => body({ name: 'S', app_urls: 'x' }))).toMatchObject({ attr: 'app_urls', detail: expect.not.stringContaining('required') });
    expect(problemOf(() => body({}))).toMatchObject({ attr: 'name', detail: 'This field is required.' });
  });

  it('reads pages from the query with defaults, refusing unknown parameters', () => {
    expect(pipe.transform({}, { type: 'query', metatype: PageQueryDto })).toEqual({ limit: 100, offset: 0 });
    expect(pipe.transform({ limit: '5', offset: '10' }, { type: 'query', metatype: PageQueryDto })).toEqual({ limit: 5, offset: 10 });
    expect(problemOf(() => pipe.transform({ page: '2' }, { type: 'query', metatype: PageQueryDto }))).toMatchObject({ attr: 'page' });
  });

  it('answers 404 for a path id that cannot name anything', () => {
    expect(new IntegerIdPipe().transform('42')).toBe(42);
    expect(() => new IntegerIdPipe().transform('4x')).toThrow(NotFoundError);
    expect(() => new IntegerIdPipe().transform('0')).toThrow(NotFoundError);
    expect(new UuidPipe().transform('0190F3A2-0000-7000-8000-000000000000')).toBe('0190f3a2-0000-7000-8000-000000000000');
    expect(() => new UuidPipe().transform('me')).toThrow(NotFoundError);
  });
});
