import type { Subject } from './context-values';
import type {
  EnvironmentEvaluationContext,
  EvaluationContext,
  EvaluationResult,
  FlagResult,
  IdentityContext,
  SegmentResult,
} from './evaluation-context';
import { compileFlags, resultOf, type CompiledFlag } from './flags';
import { compileSegments, type CompiledSegments } from './segments';

/** An environment compiled once, evaluating identities: the hot path of flag evaluation. */
export interface CompiledEnvironment {
  evaluate(identity?: IdentityContext | null): EvaluationResult;
  /** The features' names, in the order `results` answers them. */
  readonly names: readonly string[];
  /**
   * The flags of `evaluate` as a list in the order of `names`, without the segments: for a caller answering many
   * flags per request (an object keyed by 350 names is built in dictionary mode, slower than the evaluation itself).
   * The results are shared and frozen: equal answers are the same object.
   */
  results(identity?: IdentityContext | null): FlagResult[];
}

/**
 * Compiles everything but the identity: property readers, parsed values, regexes, IN sets, hash seeds, override
 * order and every possible flag result. Precedence: the strongest override among the segments the identity is in
 * (identity overrides are a segment of priority -Infinity, as Flagsmith maps them), else the environment's state.
 */
export function compileEnvironment(context: EnvironmentEvaluationContext): CompiledEnvironment {
  const segments = compileSegments(context);
  const flags = compileFlags(Object.values(context.features ?? {}), segments.segments);
  // Evaluations are synchronous, so one scratch array per environment serves them all.
  const matched = new Uint8Array(segments.segments.length);
  const environmentKey = context.environment.key;
  const subjectOf = (identity: IdentityContext | null | undefined): Subject =>
    identity
      ? { identifier: identity.identifier, key: identity.key ?? `${environmentKey}_${identity.identifier}`, traits: identity.traits, matched }
      : { identifier: undefined, key: undefined, traits: undefined, matched };
  return {
    evaluate(identity) {
      const subject = subjectOf(identity);
      const results = resultsOf(flags, decideSegments(segments, subject), subject.key);
      const byName: Record<string, FlagResult> = {};
      for (let i = 0; i < flags.length; i++) byName[flags[i].name] = results[i];
      return { flags: byName, segments: segmentsOf(segments, matched) };
    },
    names: flags.map((flag) => flag.name),
    results(identity) {
      const subject = subjectOf(identity);
      return resultsOf(flags, decideSegments(segments, subject), subject.key);
    },
  };
}

/** One context in, its result out: the engine cases' shape. Compile once instead when many identities share it. */
export function evaluate(context: EvaluationContext): EvaluationResult {
  return compileEnvironment(context).evaluate(context.identity);
}

function decideSegments({ matchers, order }: CompiledSegments, subject: Subject): Uint8Array {
  const matched = subject.matched;
  for (let i = 0; i < order.length; i++) {
    const index = order[i];
    matched[index] = matchers[index](subject) ? 1 : 0;
  }
  return matched;
}

function segmentsOf({ results }: CompiledSegments, matched: Uint8Array): SegmentResult[] {
  const list: SegmentResult[] = [];
  for (let i = 0; i < results.length; i++) if (matched[i] === 1) list.push(results[i]);
  return list;
}

function resultsOf(flags: readonly CompiledFlag[], matched: Uint8Array, identityKey: string | undefined): FlagResult[] {
  const results = new Array<FlagResult>(flags.length);
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    let outcome = flag.fallback;
    for (let j = 0; j < flag.overrides.length; j++) {
      if (matched[flag.overrides[j].segment] === 1) {
        outcome = flag.overrides[j].outcome;
        break;
      }
    }
    results[i] = resultOf(outcome, identityKey);
  }
  return results;
}
