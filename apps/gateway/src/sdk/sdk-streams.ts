import type { ServerResponse } from 'node:http';
import type { Histogram } from 'prom-client';
import { Inject, Injectable } from '@nestjs/common';
import { ServiceUnavailableError, TooManyRequestsError } from '@strata/contracts';
import { type AnswersVersion, LiveFlagModel } from '@strata/flag-model';
import { Metrics, SERVICE_CONFIG, Shutdown } from '@strata/service-kit';
import type { GatewayConfig } from '../gateway.config';
import { refusalError } from './sdk-answers';

/**
 * The SDKs' real-time streams (SPEC §4.5): Flagsmith's `environment_updated` and OFREP's `refetchEvaluation`, sent
 * when an environment's answers change — its answers' version (`FlagEvaluator.answersVersion`) differs after a burst
 * of events, not on every event. One model subscription serves every stream: each watched environment keeps its
 * version and its set of open streams, and a change writes one message, formatted once, to that set.
 */

export type StreamFormat = 'flagsmith' | 'ofrep';

/** Where a key's stream is served: the path is the credential, as an EventSource sends no headers. */
export const STREAMS_PATH = 'sse/environments';

export function streamUri(key: string, format: StreamFormat): string {
  return `/${STREAMS_PATH}/${encodeURIComponent(key)}/${format === 'flagsmith' ? 'stream' : 'ofrep'}`;
}

export interface OfrepEventStream {
  type: 'sse';
  endpoint: { requestUri: string };
}

/**
 * The bulk answer's `eventStreams` (OFREP ADR-0008): this key's change stream, named by its path alone so the provider
 * joins it to the origin it was configured with — the same behind any proxy or instance.
 */
export function ofrepEventStreams(key: string): OfrepEventStream[] {
  return [{ type: 'sse', endpoint: { requestUri: streamUri(key, 'ofrep') } }];
}

/** A client that reads nothing while this much waits for it is closed: it reconnects with `Last-Event-ID`. */
const MAX_UNREAD_BYTES = 64 * 1024;

interface OpenStream {
  key: string;
  environmentId: number;
  format: StreamFormat;
  response: ServerResponse;
}

interface Watched {
  version: AnswersVersion;
  streams: Set<OpenStream>;
}

/** The SSE message telling a client of `format` that the answers are now `version`. */
export function changeMessage(format: StreamFormat, version: AnswersVersion): string {
  const id = eventIdOf(version);
  const seconds = (version.changedAt ?? new Date()).getTime() / 1000;
  if (format === 'flagsmith') return `id: ${id}\nevent: environment_updated\ndata: ${JSON.stringify({ updated_at: seconds })}\n\n`;
  // OFREP's envelope is always `message`; the JSON's `type` says what it is (ADR-0008).
  return `id: ${id}\ndata: ${JSON.stringify({ type: 'refetchEvaluation', etag: version.tag, lastModified: Math.floor(seconds) })}\n\n`;
}

/** A message's `id:`: the version's digest, the same from every instance, so a reconnect may land on any of them. */
export function eventIdOf(version: AnswersVersion): string {
  return version.tag.replace(/"/g, '');
}

@Injectable()
export class SdkStreams {
  private readonly watched = new Map<number, Watched>();
  private readonly byKey = new Map<string, Set<OpenStream>>();
  private readonly maxPerKey: number;
  private closing = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopWatching: () => void;
  private readonly fanOut: Histogram;

  constructor(
    @Inject(LiveFlagModel) private readonly live: LiveFlagModel,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
    shutdown: Shutdown,
    metrics: Metrics,
  ) {
    metrics.observedGauge({ name: 'strata_sdk_streams_open', help: 'SDK event streams (SSE) open on this instance.' }, (gauge) => gauge.set(this.open));
    this.fanOut = metrics.histogram({ name: 'strata_sdk_stream_fanout_seconds', help: 'Time to write one change of an environment to each of its open streams.', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
    this.maxPerKey = config.SSE_MAX_STREAMS_PER_KEY;
    this.stopWatching = live.onChange(() => this.changed());
    this.heartbeat = setInterval(() => this.beat(), config.SSE_HEARTBEAT_MS);
    this.heartbeat.unref();
    // Registered before the HTTP server's own hook: its close waits for every open response, and a stream never ends.
    shutdown.onStop('http', 'sdk streams', () => this.closeAll());
  }

  get open(): number {
    let count = 0;
    for (const streams of this.byKey.values()) count += streams.size;
    return count;
  }

  /**
   * Checks that `key` may open one more stream of its environment: the refusal is thrown before any byte is written
   * (401 unknown or rotated key, 429 over the cap, 503 while stopping). Returns the environment's current version.
   */
  admit(key: string): { environmentId: number; version: AnswersVersion } {
    if (this.closing) throw new ServiceUnavailableError('This instance is stopping: connect again.', 'stopping');
    const found = this.live.evaluator.environmentOf(key);
    if (found === undefined) throw refusalError({ ok: false, error: 'unknown_key', detail: 'Unknown or revoked environment key.' });
    if ((this.byKey.get(key)?.size ?? 0) >= this.maxPerKey) {
      throw new TooManyRequestsError(`At most ${this.maxPerKey} open streams per key on this instance: close one before opening another.`, 'too_many_streams');
    }
    const environmentId = found.environment.id;
    return { environmentId, version: this.watched.get(environmentId)?.version ?? this.live.evaluator.answersVersion(found.environment) };
  }

  /**
   * Starts the event stream on `response` for an admitted key. A client whose `Last-Event-ID` is not the current
   * version missed a change: it gets the current message at once. Otherwise the first bytes name the current version
   * (an `id:` without data, which sets the client's last event id without an event), so a reconnect after a quiet
   * spell still says what it saw.
   */
  start(key: string, format: StreamFormat, admitted: ReturnType<SdkStreams['admit']>, lastEventId: string | undefined, response: ServerResponse): void {
    // A client gone before its stream started would never be forgotten: its close has already happened.
    if (response.socket === null || response.socket.destroyed) return;
    const stream: OpenStream = { key, environmentId: admitted.environmentId, format, response };
    let watched = this.watched.get(admitted.environmentId);
    if (watched === undefined) this.watched.set(admitted.environmentId, (watched = { version: admitted.version, streams: new Set() }));
    watched.streams.add(stream);
    let held = this.byKey.get(key);
    if (held === undefined) this.byKey.set(key, (held = new Set()));
    held.add(stream);
    response.on('close', () => this.forget(stream));
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const missed = lastEventId !== undefined && lastEventId !== eventIdOf(watched.version);
    response.write(missed ? changeMessage(format, watched.version) : `id: ${eventIdOf(watched.version)}\n\n`);
  }

  /** After a burst of events: streams whose key no longer names their environment close; changed environments notify. */
  private changed(): void {
    for (const [key, streams] of this.byKey) {
      const environmentId = this.live.evaluator.environmentOf(key)?.environment.id;
      for (const stream of streams) if (stream.environmentId !== environmentId) stream.response.end();
    }
    for (const [environmentId, watched] of this.watched) {
      const environment = this.live.model.environments.get(environmentId);
      if (environment === undefined) continue;
      const version = this.live.evaluator.answersVersion(environment);
      if (version.tag === watched.version.tag) continue;
      watched.version = version;
      const messages = { flagsmith: changeMessage('flagsmith', version), ofrep: changeMessage('ofrep', version) };
      const written = this.fanOut.startTimer();
      for (const stream of watched.streams) this.send(stream, messages[stream.format]);
      written();
    }
  }

  private beat(): void {
    for (const streams of this.byKey.values()) for (const stream of streams) this.send(stream, ': heartbeat\n\n');
  }

  private send(stream: OpenStream, text: string): void {
    if (stream.response.writableLength > MAX_UNREAD_BYTES) stream.response.end();
    else stream.response.write(text);
  }

  private forget(stream: OpenStream): void {
    const watched = this.watched.get(stream.environmentId);
    watched?.streams.delete(stream);
    if (watched?.streams.size === 0) this.watched.delete(stream.environmentId);
    const held = this.byKey.get(stream.key);
    held?.delete(stream);
    if (held?.size === 0) this.byKey.delete(stream.key);
  }

  private closeAll(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.stopWatching();
    for (const streams of [...this.byKey.values()]) for (const stream of [...streams]) stream.response.end();
  }
}
