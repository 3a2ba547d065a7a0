import { type BaseConfig, envVar, modelFeedConfigSchema } from '@strata/service-kit';
import { z } from 'zod';

/** The gateway keeps the flag model for the SDK routes (`MODEL_SNAPSHOT_EVERY_*`: how often it snapshots it). */
export const gatewayConfigSchema = modelFeedConfigSchema.extend({
  /**
   * Largest request body accepted (413 above): an import file of 64 MiB (the export service's default limit) sent as a
   * JSON string — its quotes escaped — plus the body's envelope.
   */
  BODY_LIMIT_BYTES: envVar.int(1024).prefault(String(96 * 1024 * 1024)),
  /** `POST /api/signup` is the one open endpoint; operators of a closed instance switch it off (it then answers 403). */
  SIGNUP_ENABLED: envVar.bool().prefault('true'),
  /** How long a key's principal is reused without asking projects; changes drop it sooner (see auth/). 0: no cache. */
  AUTH_CACHE_TTL_MS: envVar.int(0).prefault('10000'),
  /**
   * How often the evaluation counts SDKs sent (`POST /api/v1/analytics/flags/`), aggregated in this process, are
   * written as one batch; also at a graceful shutdown. A crash loses at most this long of counts.
   */
  ANALYTICS_FLUSH_MS: envVar.int(10).prefault('10000'),
  /** How often an open SDK stream (`/sse/…`) gets a heartbeat (an SSE comment): keeps proxies from closing it idle. */
  SSE_HEARTBEAT_MS: envVar.int(10).prefault('15000'),
  /** Open SDK streams one key may hold on this instance; one more is refused with 429 (a browser app shares its key). */
  SSE_MAX_STREAMS_PER_KEY: envVar.int(1).prefault('10000'),
  /** The built web console served at `/` (SPEC §9); `dist/console` of the working directory when unset. */
  CONSOLE_DIR: z.string().min(1).optional(),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema> & BaseConfig;
