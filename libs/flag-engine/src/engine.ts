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
  return {
    evaluate(identity) {
      const subject: Subject = identity
        ? { identifier: identity.identifier, key: identity.key ?? `${environmentKey}_${identity.identifier}`, traits: identity.traits, matched }
        : { identifier: undefined, key: undefined, traits: undefined, matched };
      return { flags: flagsOf(flags, decideSegments(segments, subject), subject.key), segments: segmentsOf(segments, matched) };
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

function flagsOf(flags: readonly CompiledFlag[], matched: Uint8Array, identityKey: string | undefined): Record<string, FlagResult> {
  const results: Record<string, FlagResult> = {};
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    let outcome = flag.fallback;
    for (let j = 0; j < flag.overrides.length; j++) {
      if (matched[flag.overrides[j].segment] === 1) {
        outcome = flag.overrides[j].outcome;
        break;
      }
    }
    results[flag.name] = resultOf(outcome, identityKey);
  }
  return results;
}
