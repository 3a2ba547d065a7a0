/**
 * `flags.evaluate` (SPEC §4.5): which flags are on, with what value, for an identity in an environment — answered
 * from the flag-evaluation service's memory, as bare JSON both ways, so a server-side caller in any language can ask
 * (`nats req flags.evaluate '{"key": "ser.…", "identifier": "u1"}'`). The gateway shapes the answers of Flagsmith's
 * and OpenFeature's APIs from it.
 */

export const FlagsSubjects = {
  evaluate: 'flags.evaluate',
  /** Diagnostics: a digest of one instance's in-memory model, to compare instances and restarts. */
  modelDigest: 'flags.model.digest',
} as const;

/** What `flags.model.digest` answers: sizes and a SHA-256 of the model's content (no key crosses the bus). */
export interface ModelDigest {
  environments: number;
  flags: number;
  digest: string;
  /** Whether the instance has replayed the streams up to where they stood when it started. */
  caughtUp: boolean;
  /** Which instance answered (`host:pid`): requests spread over the queue group, a spec tells the answers apart. */
  instance: string;
  /** How the instance built its model at start: from its snapshot and the events after it, or from every event. */
  start?: { from: 'snapshot' | 'replay'; replayed: number; ms: number };
}

export type TraitValue = string | number | boolean | null;
export type FlagValue = string | number | boolean | null;

export interface EvaluateRequest {
  /** The environment's client key (`api_token`, `phc_…`) or one of its server keys (`ser.…`). */
  key: string;
  /** Absent: the environment's flags, no identity. */
  identifier?: string;
  /** `{name: value}`, or Flagsmith's `[{trait_key, trait_value}]`. */
  traits?: Record<string, TraitValue> | { trait_key: string; trait_value: TraitValue }[];
  /** Only this flag (by key); absent: every flag the key may see. */
  flag?: string;
}

export interface EvaluatedFlag {
  /** The flag's id (a UUID: stable, the same in every environment that sees the flag). */
  id: string;
  /**
   * The flag's number (Flagsmith's integer `feature.id`): the position, in the entities service's event log, of the
   * event that created the flag — unique (one position per event, one flag per creation), the same after a replay, a
   * restart or a move to another project, and below 2^31 until the log holds two billion entity events.
   */
  number: number;
  key: string;
  enabled: boolean;
  value: FlagValue;
  /** `DEFAULT`, `TARGETING_MATCH; segment=<name>`, `SPLIT; weight=<w>`, `IDENTITY_OVERRIDE`. */
  reason: string;
  variant: string | null;
  multivariate: boolean;
}

export type EvaluateError = 'invalid_request' | 'unknown_key' | 'flag_not_found';

export type EvaluateResponse =
  | {
      ok: true;
      environment: { id: number; projectId: number };
      flags: EvaluatedFlag[];
      /** The traits as read, `{name: value}`: Flagsmith echoes them back. */
      traits: Record<string, TraitValue>;
    }
  | { ok: false; error: EvaluateError; detail: string; attr?: string | null };

export interface FlagsRpc {
  'flags.evaluate': { request: EvaluateRequest; response: EvaluateResponse };
  'flags.model.digest': { request: Record<string, never>; response: ModelDigest };
}
