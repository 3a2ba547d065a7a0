import type { FeatureContext, FlagResult, SegmentContext } from './evaluation-context';
import { hashedPercentageAfter, hashSeed, type HashSeed } from './hashing';

/**
 * What a feature context (the environment's state, or a segment's override) answers: one result, or, when it has
 * variants and the identity a key, the variant whose range holds the identity's bucket. Every result is built once
 * and shared (frozen): an evaluation only chooses among them.
 */
export interface Outcome {
  fixed: FlagResult;
  /** The fixed result of an identity bucketed outside every variant's range: the control value, variant `control`. */
  control: FlagResult;
  /** The feature context's key: the bucket is md5 of it and the identity key. */
  seed: HashSeed;
  /** The upper end of each variant's range on [0, 100), in ascending priority. */
  limits: number[];
  splits: FlagResult[];
}

export interface CompiledFlag {
  name: string;
  /** The overrides of this feature, strongest first: the first whose segment the identity is in applies. */
  overrides: { segment: number; outcome: Outcome }[];
  fallback: Outcome;
}

export function compileFlags(features: readonly FeatureContext[], segments: readonly SegmentContext[]): CompiledFlag[] {
  const overrides = overridesByFeature(segments);
  return features.map((feature) => ({
    name: feature.name,
    overrides: (overrides.get(feature.name) ?? []).map(({ segment, override }) => ({
      segment,
      outcome: compileOutcome(override, `TARGETING_MATCH; segment=${segments[segment].name}`),
    })),
    fallback: compileOutcome(feature, 'DEFAULT'),
  }));
}

/** Lowest priority first (absent: weakest); among equals the first in the context's order, as Flagsmith keeps it. */
function overridesByFeature(segments: readonly SegmentContext[]) {
  const byFeature = new Map<string, { segment: number; override: FeatureContext }[]>();
  segments.forEach((segment, index) => {
    for (const override of segment.overrides ?? []) {
      const list = byFeature.get(override.name) ?? [];
      list.push({ segment: index, override });
      byFeature.set(override.name, list);
    }
  });
  for (const list of byFeature.values()) list.sort((a, b) => priorityOf(a.override.priority) - priorityOf(b.override.priority));
  return byFeature;
}

function priorityOf(priority: number | undefined): number {
  return priority ?? Number.POSITIVE_INFINITY;
}

function compileOutcome(feature: FeatureContext, reason: string): Outcome {
  const base = { enabled: feature.enabled, name: feature.name };
  const metadata = feature.metadata === undefined ? {} : { metadata: feature.metadata };
  const variants = [...(feature.variants ?? [])].sort((a, b) => priorityOf(a.priority) - priorityOf(b.priority));
  const limits: number[] = [];
  let limit = 0;
  for (const { weight } of variants) limits.push((limit += weight));
  const fixed = { ...base, reason, value: feature.value, variant: null, ...metadata };
  return {
    fixed: Object.freeze(fixed),
    control: Object.freeze({ ...fixed, variant: CONTROL }),
    seed: hashSeed(feature.key),
    limits,
    splits: variants.map((variant) =>
      Object.freeze({ ...base, reason: `SPLIT; weight=${variant.weight}`, value: variant.value, variant: variant.key ?? null, ...metadata }),
    ),
  };
}

/** What the engine cases answer as the variant of a split feature's own value. */
export const CONTROL = 'control';

/** The result for an identity key (none: the fixed result, as without an identity there is nothing to hash). */
export function resultOf(outcome: Outcome, identityKey: string | undefined): FlagResult {
  const { limits } = outcome;
  if (limits.length === 0 || identityKey === undefined) return outcome.fixed;
  const bucket = hashedPercentageAfter(outcome.seed, identityKey);
  let start = 0;
  for (let i = 0; i < limits.length; i++) {
    if (start <= bucket && bucket < limits[i]) return outcome.splits[i];
    start = limits[i];
  }
  return outcome.control;
}
