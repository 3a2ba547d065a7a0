import { applyDecorators, Get, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenApiController } from '../auth/request-context';
import { ApiErrors } from '../http/routes';
import { SdkKeyCatchUp } from './sdk-key-catch-up';
import { SdkStreams, type StreamFormat, STREAMS_PATH } from './sdk-streams';

/** A stream's route and its documentation: the two formats differ in their path and what they send. */
function StreamRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(
    Get(`:api_key/${path}`),
    ApiOperation({ summary }),
    ApiParam({ name: 'api_key', description: 'the environment’s client key (`api_token`) or a server key' }),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the last `id:` seen: another than the current version gets the current message at once' }),
    ApiResponse({ status: 200, description: 'text/event-stream, open until the client leaves, the key is rotated or the instance stops', content: { 'text/event-stream': { schema: { type: 'string' } } } }),
    ApiErrors(401, 429),
  );
}

/**
 * The SDKs' real-time streams (SPEC §4.5): the key is in the path, as an EventSource sends no headers. Refusals
 * (401, 429, 503) are answered as JSON before the stream starts.
 */
@OpenApiController('sdk: streams', STREAMS_PATH)
@UseGuards(SdkKeyCatchUp)
export class StreamsController {
  constructor(@Inject(SdkStreams) private readonly streams: SdkStreams) {}

  @StreamRoute('stream', 'Flagsmith’s real-time stream: `event: environment_updated`, `data: {"updated_at": <epoch seconds>}` when an answer of the environment changes')
  flagsmith(@Param('api_key') key: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.open(key, 'flagsmith', request, reply);
  }

  @StreamRoute('ofrep', 'OpenFeature’s change stream, named in the OFREP bulk answer’s `eventStreams`: `data: {"type": "refetchEvaluation", "etag", "lastModified"}` on a change')
  ofrep(@Param('api_key') key: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.open(key, 'ofrep', request, reply);
  }

  private open(key: string, format: StreamFormat, request: FastifyRequest, reply: FastifyReply): void {
    const admitted = this.streams.admit(key);
    const lastEventId = request.headers['last-event-id'];
    void reply.hijack();
    this.streams.start(key, format, admitted, Array.isArray(lastEventId) ? lastEventId[0] : lastEventId, reply.raw);
  }
}
