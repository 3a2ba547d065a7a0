import { Body, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ingestion, MAX_JSON_DEPTH } from '@strata/contracts';
import { inputProblem, NATS_CONNECTION } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import { OpenApiController } from '../auth/request-context';
import { ResolveResponseDto } from '../api/dtos';
import { ApiErrors } from '../http/routes';
import { reassemble, splitBySize } from './chunks';
import { ServiceClient } from '../service-client';

/** Room left in a NATS message for the request envelope and headers. */
const ENVELOPE_BYTES = 4 * 1024;
const TOO_LARGE: ingestion.ResolveResult = { ok: false, error: 'event_too_large' };
const MISSING_TOKEN: ingestion.ResolveResult = { ok: false, error: 'missing_token' };
const TOO_DEEP: ingestion.ResolveResult = { ok: false, error: 'too_deep' };

const EVENT_SCHEMA = {
  type: 'object',
  properties: {
    token: { type: 'string', description: "the environment's SDK key (phc_…)" },
    team_id: { type: 'integer', description: 'not accepted here: only NATS callers may send the environment id instead of token' },
    event: { type: 'string' },
    distinct_id: { type: 'string' },
    properties: { type: 'object', additionalProperties: true },
    groups: { type: 'object', additionalProperties: { type: 'string' }, description: 'group type → group key' },
  },
};

/**
 * `POST /i/v0/resolve` mirrors `ingestion.resolve` (SPEC §5) for pipelines that speak HTTP. The SDK tokens inside
 * the events are the credentials, as at any capture endpoint, so no personal API key is asked for — and for the same
 * reason an event must carry its token here: `team_id` alone is answered `missing_token`, since an unauthenticated
 * lookup by id would tell anyone which environments exist (NATS callers, inside the deployment, may send it).
 *
 * The mapper is the one validator of events, but a batch may be larger than one NATS message (1 MB by default): the
 * gateway refuses what is not a batch, splits the rest into message-sized chunks, asks for them in parallel and
 * answers the results in the batch's order.
 */
@OpenApiController('ingestion', 'i/v0')
export class IngestionController {
  private readonly budgetBytes: number;

  constructor(
    private readonly client: ServiceClient,
    @Inject(NATS_CONNECTION) nats: NatsConnection,
  ) {
    this.budgetBytes = (nats.info?.max_payload ?? 1024 * 1024) - ENVELOPE_BYTES;
  }

  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve up to 10,000 events to environment, project and group indexes, one result per event in order' })
  @ApiBody({ schema: { type: 'object', required: ['events'], properties: { events: { type: 'array', maxItems: ingestion.MAX_RESOLVE_BATCH, items: EVENT_SCHEMA } } } })
  @ApiResponse({ status: 200, type: ResolveResponseDto })
  @ApiErrors(400, 413)
  async resolve(@Body() batch: unknown): Promise<ingestion.ResolveResponse> {
    const events = ingestion.eventsOfBatch(batch);
    const answered = new Map<number, ingestion.ResolveResult>();
    events.forEach((event, position) => {
      const refused = withoutToken(event) ? MISSING_TOKEN : tooDeep(event) ? TOO_DEEP : undefined;
      if (refused) answered.set(position, refused);
    });
    const chunks = splitBySize(events, this.budgetBytes, answered, TOO_LARGE);
    const answers = await Promise.all(
      chunks.map((chunk) => this.client.call(ingestion.IngestionSubjects.resolve, { events: chunk.events as ingestion.IncomingEvent[] })),
    );
    return { results: reassemble(events.length, chunks, answers.map((answer) => answer.results), answered) };
  }
}

/** An event nesting deeper than `MAX_JSON_DEPTH` (a batch counting as one level): it is never serialized. */
function tooDeep(event: unknown): boolean {
  return inputProblem(event, { maxDepth: MAX_JSON_DEPTH - 1, text: false }) !== undefined;
}

/** An event object that names no token (a `team_id` alone included); anything else is the mapper's to judge. */
function withoutToken(event: unknown): boolean {
  return typeof event === 'object' && event !== null && !Array.isArray(event) && ((event as { token?: unknown }).token ?? null) === null;
}
