import { AuthenticationError, NotFoundError, type StrataError, ValidationError, type flags } from '@strata/contracts';

/**
 * What the SDK routes answer (SPEC §4.5), shaped from `flags.evaluate`'s answer: pure functions, so the shapes are
 * specified without a running system.
 */

type Answered = Extract<flags.EvaluateResponse, { ok: true }>;
type Refused = Extract<flags.EvaluateResponse, { ok: false }>;

export interface FlagsmithFlag {
  id: number;
  feature: { id: number; name: string; type: 'STANDARD' | 'MULTIVARIATE' };
  enabled: boolean;
  feature_state_value: flags.FlagValue;
  environment: number;
  identity: null;
  feature_segment: null;
}

export interface FlagsmithTrait {
  trait_key: string;
  trait_value: flags.TraitValue;
}

export interface FlagsmithIdentity {
  identifier: string;
  flags: FlagsmithFlag[];
  traits: FlagsmithTrait[];
}

/**
 * Flagsmith's SDKs read `feature.id` as an integer (Go, Java and Rust refuse a string), and Strata's flag ids are
 * UUIDs: the integer is the flag's `number` (unique, stable, the same in every environment). Flagsmith's own feature
 * state id is per state; Strata has no such id, so it repeats the feature's.
 */
export function flagsmithFlags(answer: Answered): FlagsmithFlag[] {
  return answer.flags.map((flag) => {
    const id = flag.number;
    return {
      id,
      feature: { id, name: flag.key, type: flag.multivariate ? 'MULTIVARIATE' : 'STANDARD' },
      enabled: flag.enabled,
      feature_state_value: flag.value,
      environment: answer.environment.id,
      identity: null,
      feature_segment: null,
    };
  });
}

export function flagsmithIdentity(identifier: string, answer: Answered): FlagsmithIdentity {
  return { identifier, flags: flagsmithFlags(answer), traits: flagsmithTraits(answer) };
}

function flagsmithTraits(answer: Answered): FlagsmithTrait[] {
  return Object.entries(answer.traits).map(([trait_key, trait_value]) => ({ trait_key, trait_value }));
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The JSON of `flagsmithFlags` and `flagsmithIdentity`, byte for byte, written without building either: one writer
 * per environment (kept with its compiled answers, dropped on a change) keeps each flag answer's JSON as bytes. The
 * evaluator answers the flags no identity override touches with shared objects, so an answer is mostly bytes written
 * before, copied once into one buffer (no string to build, measure and encode per request).
 */
export class FlagsmithJson {
  // Weak: an identity override's answer is built per request, and must not be kept.
  private readonly written = new WeakMap<flags.EvaluatedFlag, Buffer>();
  private readonly tail: string;

  constructor(environmentId: number) {
    this.tail = `,"environment":${environmentId},"identity":null,"feature_segment":null}`;
  }

  flags(answer: Answered): Buffer {
    const parts: Buffer[] = [];
    this.writeFlags(answer, parts);
    return Buffer.concat(parts);
  }

  identity(identifier: string, answer: Answered): Buffer {
    const parts = [Buffer.from(`{"identifier":${JSON.stringify(identifier)},"flags":`)];
    this.writeFlags(answer, parts);
    parts.push(Buffer.from(`,"traits":${JSON.stringify(flagsmithTraits(answer))}}`));
    return Buffer.concat(parts);
  }

  private writeFlags(answer: Answered, parts: Buffer[]): void {
    parts.push(OPEN);
    for (let i = 0; i < answer.flags.length; i++) {
      if (i > 0) parts.push(COMMA);
      parts.push(this.flag(answer.flags[i]));
    }
    parts.push(CLOSE);
  }

  private flag(flag: flags.EvaluatedFlag): Buffer {
    let json = this.written.get(flag);
    if (json === undefined) {
      const id = flag.number;
      const feature = JSON.stringify({ id, name: flag.key, type: flag.multivariate ? 'MULTIVARIATE' : 'STANDARD' });
      json = Buffer.from(`{"id":${id},"feature":${feature},"enabled":${flag.enabled},"feature_state_value":${JSON.stringify(flag.value)}${this.tail}`);
      this.written.set(flag, json);
    }
    return json;
  }
}

/** A refusal of `flags.evaluate` as the SPEC error it is. */
export function refusalError(refused: Refused): StrataError {
  switch (refused.error) {
    case 'unknown_key':
      return new AuthenticationError(refused.detail, 'invalid_environment_key');
    case 'invalid_request':
      return new ValidationError(refused.detail, refused.attr ?? null);
    case 'flag_not_found':
      return new NotFoundError(refused.detail);
    default: {
      const exhaustive: never = refused.error;
      return exhaustive;
    }
  }
}

export type OfrepReason = 'STATIC' | 'DEFAULT' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED';
export type OfrepMetadata = Record<string, string | number | boolean>;

export interface OfrepResult {
  key: string;
  /** Absent when a flag with a value is disabled for this context: the SDK's default applies. */
  value?: flags.FlagValue;
  reason: OfrepReason;
  variant: string;
  metadata: OfrepMetadata;
}

/**
 * One flag as OFREP answers it: a flag without a value is its `enabled` boolean; a flag with a value is that value
 * when enabled, and `DISABLED` without a value when not. Reasons: the service's `TARGETING_MATCH; segment=…` and an
 * identity override are `TARGETING_MATCH`, `SPLIT; weight=…` is `SPLIT`, the environment's state is `DEFAULT` for an
 * identity and `STATIC` without one (nothing in the context could change it).
 */
export function ofrepResult(flag: flags.EvaluatedFlag, identified: boolean): OfrepResult {
  const metadata: OfrepMetadata = { flagId: flag.id };
  const [kind, detail] = splitReason(flag.reason);
  let reason: OfrepReason = kind === 'DEFAULT' ? (identified ? 'DEFAULT' : 'STATIC') : kind;
  if (kind === 'TARGETING_MATCH' && detail?.startsWith('segment=')) metadata.segment = detail.slice('segment='.length);
  if (flag.reason === 'IDENTITY_OVERRIDE') metadata.identityOverride = true;
  const variant = flag.variant ?? (flag.enabled ? 'enabled' : 'disabled');
  if (flag.value === null) {
    if (!flag.enabled && kind === 'DEFAULT') reason = 'DISABLED';
    return { key: flag.key, value: flag.enabled, reason, variant, metadata };
  }
  if (!flag.enabled) return { key: flag.key, reason: 'DISABLED', variant, metadata };
  return { key: flag.key, value: flag.value, reason, variant, metadata };
}

function splitReason(reason: string): [Exclude<OfrepReason, 'STATIC' | 'DISABLED'> | 'DEFAULT', string | undefined] {
  const [head, detail] = reason.split('; ', 2) as [string, string | undefined];
  if (head === 'TARGETING_MATCH' || head === 'IDENTITY_OVERRIDE') return ['TARGETING_MATCH', detail];
  if (head === 'SPLIT') return ['SPLIT', detail];
  return ['DEFAULT', detail];
}

/** `If-None-Match`: `*`, or a list of tags compared weakly (RFC 9110 §13.1.2). */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}

/** A conditional GET's answer is 304: `If-None-Match` decides when sent, else `If-Modified-Since` (RFC 9110 §13.2.2). */
export function notModified(headers: { 'if-none-match'?: string | string[]; 'if-modified-since'?: string }, etag: string, lastModified: Date | null): boolean {
  if (headers['if-none-match'] !== undefined) return noneMatch(headers['if-none-match'], etag);
  const since = headers['if-modified-since'] === undefined ? Number.NaN : Date.parse(headers['if-modified-since']);
  return lastModified !== null && !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
