import { HttpException } from '@nestjs/common';
import { NotFoundError, UnsupportedMediaTypeError } from '@strata/contracts';
import { clientErrorOf, rawResponse } from './edge-server';
import { toStrataError } from './error.filter';

const fastifyError = (code: string) => Object.assign(new Error(code), { code });

describe('what is refused before a route runs', () => {
  it('answers an unsupported media type with 415, not 500', () => {
    expect(toStrataError(new HttpException('Unsupported Media Type', 415))).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(toStrataError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE')).toBody()).toEqual({
      type: 'invalid_request',
      code: 'unsupported_media_type',
      detail: expect.any(String),
      attr: null,
    });
  });

  it('answers a path parameter the router refuses (too long, badly escaped) with 404: it names nothing', () => {
    expect(toStrataError(fastifyError('FST_ERR_MAX_PARAM_LENGTH'))).toBeInstanceOf(NotFoundError);
    expect(toStrataError(fastifyError('FST_ERR_BAD_URL'))).toBeInstanceOf(NotFoundError);
  });

  it("writes Node's parse errors as raw HTTP with the SPEC body", () => {
    expect(clientErrorOf({ code: 'HPE_HEADER_OVERFLOW' }).toBody()).toMatchObject({ type: 'invalid_request', code: 'headers_too_large' });
    expect(clientErrorOf({ code: 'HPE_INVALID_HEADER_TOKEN' }).toBody()).toMatchObject({ type: 'validation_error', code: 'malformed_request' });
    const response = rawResponse(clientErrorOf({ code: 'HPE_HEADER_OVERFLOW' }));
    const [head, body] = response.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toEqual({ type: 'invalid_request', code: 'headers_too_large', detail: expect.any(String), attr: null });
  });
});
