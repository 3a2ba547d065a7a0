import { createHash } from 'node:crypto';
import { flags, isStorableText } from '@strata/contracts';
import { compileEnvironment, type CompiledEnvironment, type FlagResult, type TraitValue } from '@strata/flag-engine';
import { environmentContext, identityKeyOf, valueOf } from './compile';
import { environmentDocument } from './environment-document';
import type { FlagsModel } from './flags-model';
import type { Environment, Flag } from './model-types';

const MAX_TRAITS = 200;

interface Asked {
  environment: Environment;
  serverKey: boolean;
  identifier?: string;
  traits: Record<string, TraitValue>;
  flag?: string;
}

type Refusal = Extract<flags.EvaluateResponse, { ok: false }>;

/** The environment document as served: its JSON, a digest of it (`ETag`) and when its project last changed. */
export interface ServedDocument {
  body: string;
  etag: string;
  lastModified: Date | null;
}

/** What an environment's answers are now (`tag`) and when its project last changed (null: never since the model began). */
export interface AnswersVersion {
  tag: string;
  changedAt: Date | null;
}

/** The environment a key names, and whether it is one of its server keys. */
export interface KeyHolder {
  environment: Environment;
  serverKey: boolean;
}

export type DocumentAnswer = { ok: true; document: ServedDocument } | { ok: false; error: 'unknown_key' | 'client_key' };

/** An environment compiled once: the engine, the flags it sees, and its document once asked for. */
interface Compiled {
  engine: CompiledEnvironment;
  context: ReturnType<typeof environmentContext>;
  answers: FlagAnswer[];
  document?: ServedDocument;
  version?: AnswersVersion;
  /** What callers derive from the environment's answers (`derived`), dropped with the rest on a change. */
  derived: Map<string, unknown>;
}

/**
 * `flags.evaluate`: the key names the environment (a client key sees every flag but the server-only ones), the engine
 * answers from the environment compiled once and rebuilt only after a change to its project, identity overrides come
 * last. No database, no request to another service: memory only.
 */
export class FlagEvaluator {
  private readonly compiled = new Map<number, Compiled>();

  constructor(private readonly model: FlagsModel) {}

  evaluate(request: unknown): flags.EvaluateResponse {
    const asked = this.read(request);
    if ('error' in asked) return asked;
    const { environment, identifier } = asked;
    const compiled = this.compiledOf(environment);
    const identity = identifier === undefined ? null : { identifier, key: identityKeyOf(environment, identifier), traits: asked.traits };
    const results = compiled.engine.results(identity);
    const overrides = identifier === undefined ? undefined : this.model.identityOverrides.get(environment.id)?.get(identifier);
    const answered: flags.EvaluatedFlag[] = [];
    for (const answer of compiled.answers) {
      const { flag } = answer;
      const result = results[answer.index];
      if (result === undefined) continue;
      if (asked.flag !== undefined && flag.fields.key.toLowerCase() !== asked.flag.toLowerCase()) continue;
      if (flag.fields.is_server_key_only && !asked.serverKey) continue;
      const override = overrides?.get(flag.id);
      const evaluated = override === undefined ? answer.evaluated(result) : withOverride(flag, result, override);
      if (environment.settings.hide_disabled_flags === true && !evaluated.enabled && asked.flag === undefined) continue;
      answered.push(evaluated);
    }
    if (asked.flag !== undefined && answered.length === 0) return { ok: false, error: 'flag_not_found', detail: `No flag ${asked.flag} in this environment.` };
    return { ok: true, environment: { id: environment.id, projectId: environment.projectId }, flags: answered, traits: asked.traits };
  }

  /** Compiled on first use after a change to its project (or a move, or its removal). */
  private compiledOf(environment: Environment): Compiled {
    const changed = this.model.takeChangedProjects();
    if (changed.size > 0) {
      for (const id of this.compiled.keys()) {
        const current = this.model.environments.get(id);
        if (current === undefined || changed.has(current.projectId)) this.compiled.delete(id);
      }
    }
    let compiled = this.compiled.get(environment.id);
    if (compiled === undefined) {
      const context = environmentContext(this.model, environment);
      const engine = compileEnvironment(context.engine);
      compiled = { engine, context, answers: flagAnswers(context.flags, engine.names), derived: new Map() };
      this.compiled.set(environment.id, compiled);
    }
    return compiled;
  }

  /**
   * What a caller derives from an environment's answers and does not depend on the identity (an SDK route's bytes for
   * no identity, each flag's JSON): derived once per change to the environment's project, under `name`. An
   * environment the model no longer holds derives it anew each time.
   */
  derived<T>(environmentId: number, name: string, derive: () => T): T {
    const environment = this.model.environments.get(environmentId);
    if (environment === undefined) return derive();
    const { derived } = this.compiledOf(environment);
    if (!derived.has(name)) derived.set(name, derive());
    return derived.get(name) as T;
  }

  /**
   * The environment document of a server key's environment, built once per change to its project: of the key's
   * environment as `environmentOf` found it (so a caller that looked the key up already does not hash it again).
   */
  document(found: KeyHolder | undefined): DocumentAnswer {
    if (found === undefined) return { ok: false, error: 'unknown_key' };
    if (!found.serverKey) return { ok: false, error: 'client_key' };
    return { ok: true, document: this.documentOf(found.environment, this.compiledOf(found.environment)) };
  }

  /**
   * The version of an environment's answers, built once per change to its project: a digest of everything they
   * depend on — its document, which flags only a server key sees, how an identity is hashed. Equal tags answer alike,
   * so the SDK streams notify when the tag changes, not on every event.
   */
  answersVersion(environment: Environment): AnswersVersion {
    const compiled = this.compiledOf(environment);
    if (compiled.version === undefined) {
      const { etag, lastModified } = this.documentOf(environment, compiled);
      const serverOnly = compiled.context.flags.filter((flag) => flag.fields.is_server_key_only === true).map((flag) => flag.fields.key);
      const hashing = environment.settings.use_identity_composite_key_for_hashing === true;
      compiled.version = { tag: bodyEtag(JSON.stringify([etag, serverOnly.sort(), hashing])), changedAt: lastModified };
    }
    return compiled.version;
  }

  /** The environment a key names — its client key (`api_token`) or one of its server keys — as every SDK route reads it. */
  environmentOf(key: string): KeyHolder | undefined {
    const client = this.model.clientKeys.get(key);
    const id = client ?? this.model.serverKeys.get(createHash('sha256').update(key).digest('hex'));
    const environment = id === undefined ? undefined : this.model.environments.get(id);
    return environment === undefined ? undefined : { environment, serverKey: client === undefined };
  }

  private documentOf(environment: Environment, compiled: Compiled): ServedDocument {
    if (compiled.document === undefined) {
      const body = JSON.stringify(environmentDocument(this.model, environment, compiled.context));
      const changedAt = this.model.changedAt.get(environment.projectId);
      compiled.document = { body, etag: bodyEtag(body), lastModified: changedAt === undefined ? null : new Date(changedAt) };
    }
    return compiled.document;
  }

  private read(request: unknown): Asked | Refusal {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return refuse('The request must be a JSON object.', null);
    const { key, identifier, traits, flag } = request as Record<string, unknown>;
    if (typeof key !== 'string' || key.length === 0) return { ok: false, error: 'unknown_key', detail: 'An environment key is required.' };
    const found = this.environmentOf(key);
    if (found === undefined) return { ok: false, error: 'unknown_key', detail: 'Unknown or revoked environment key.' };
    const readIdentifier = identifier === undefined ? undefined : flags.identifierFrom(identifier);
    if (identifier !== undefined && readIdentifier === undefined) return refuse(`The identifier must be a string of 1–${flags.MAX_IDENTIFIER_LENGTH} characters.`, 'identifier');
    if (flag !== undefined && typeof flag !== 'string') return refuse('The flag must be a key (a string).', 'flag');
    const read = readTraits(traits);
    if (!('traits' in read)) return read;
    return { ...found, identifier: readIdentifier, traits: read.traits, flag };
  }
}

/** A flag the environment sees, where the engine answers it, and each of its answers without an identity override, built once. */
interface FlagAnswer {
  flag: Flag;
  index: number;
  evaluated(result: FlagResult): flags.EvaluatedFlag;
}

function flagAnswers(flags: readonly Flag[], names: readonly string[]): FlagAnswer[] {
  const indexes = new Map(names.map((name, index) => [name, index]));
  return flags.map((flag) => {
    // The engine's results are shared objects, a few per flag: each one's answer is built once and shared (frozen).
    // A scan of those few is faster than a Map on the hot path.
    const results: FlagResult[] = [];
    const answers: flags.EvaluatedFlag[] = [];
    const evaluated = (result: FlagResult) => {
      for (let i = 0; i < results.length; i++) if (results[i] === result) return answers[i];
      results.push(result);
      answers.push(Object.freeze(withOverride(flag, result, undefined)));
      return answers[answers.length - 1];
    };
    return { flag, index: indexes.get(flag.fields.key) ?? -1, evaluated };
  });
}

function withOverride(flag: Flag, result: FlagResult, override: { enabled: boolean; featureStateValue: Parameters<typeof valueOf>[0] } | undefined): flags.EvaluatedFlag {
  const multivariate = (flag.fields.multivariate_options ?? []).length > 0;
  if (override !== undefined) {
    return { id: flag.id, number: flag.number, key: flag.fields.key, enabled: override.enabled, value: valueOf(override.featureStateValue) ?? result.value, reason: 'IDENTITY_OVERRIDE', variant: null, multivariate };
  }
  return { id: flag.id, number: flag.number, key: flag.fields.key, enabled: result.enabled, value: result.value, reason: result.reason, variant: result.variant, multivariate };
}

/** `{name: value}` or Flagsmith's `[{trait_key, trait_value}]`; values are strings, numbers, booleans or null. */
function readTraits(traits: unknown): { traits: Record<string, TraitValue> } | Refusal {
  if (traits === undefined || traits === null) return { traits: {} };
  const entries: [unknown, unknown][] = Array.isArray(traits)
    ? traits.map((trait: unknown) => (typeof trait === 'object' && trait !== null ? [(trait as Record<string, unknown>).trait_key, (trait as Record<string, unknown>).trait_value] : [undefined, undefined]))
    : typeof traits === 'object'
      ? Object.entries(traits)
      : [[undefined, undefined]];
  if (entries.length > MAX_TRAITS) return refuse(`At most ${MAX_TRAITS} traits.`, 'traits');
  const read: Record<string, TraitValue> = {};
  for (const [index, [name, value]] of entries.entries()) {
    const at = Array.isArray(traits) ? `traits.${index}` : `traits.${String(name)}`;
    if (typeof name !== 'string' || name.length === 0 || !isStorableText(name)) return refuse('A trait needs a name (trait_key).', at);
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return refuse('A trait value is a string, a number, a boolean or null.', at);
    read[name] = value as TraitValue;
  }
  return { traits: read };
}

function refuse(detail: string, attr: string | null): Refusal {
  return { ok: false, error: 'invalid_request', detail, attr };
}

/** An answer's `ETag`: a digest of its body, the same from every instance, so an unchanged answer is 304 to `If-None-Match`. */
export function bodyEtag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
