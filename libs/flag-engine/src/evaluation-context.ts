import type { entities } from '@strata/contracts';

type SegmentOperator = entities.SegmentOperator;
type SegmentRuleType = entities.SegmentRuleType;

/**
 * The engine's input and output: the evaluation context and result of Flagsmith's engine (the public engine cases'
 * `schema.json`), so a case is passed to the engine as it is written. Keys are opaque strings: the engine hashes what
 * it is given, so the caller chooses stable ones (Strata's own ids, never row ids that change on re-import).
 */

export type TraitValue = string | number | boolean | null;
export type FlagValue = string | number | boolean | null;
export type Metadata = Record<string, unknown>;

export interface EnvironmentContext {
  key: string;
  name: string;
}

export interface IdentityContext {
  identifier: string;
  /** What variants and percentage splits hash; `<environment key>_<identifier>` when absent. */
  key?: string;
  traits?: Record<string, TraitValue>;
}

/**
 * `property` is a trait name or a `$.`-path into the context (`$.identity.identifier`, `$.environment.name`,
 * `$.identity.traits['a b']`); empty for PERCENTAGE_SPLIT on the identity key, IN_COHORT and PERFORMED_ACTION.
 * `value` is a string, or the list of an IN.
 */
export interface ConditionContext {
  property?: string | null;
  operator: SegmentOperator;
  value?: string | string[] | null;
}

export interface RuleContext {
  type: SegmentRuleType;
  conditions?: ConditionContext[];
  rules?: RuleContext[];
}

export interface VariantContext {
  value: FlagValue;
  /** A percentage (0–100) of identities. */
  weight: number;
  /** Variants are laid out on 0–100 in ascending priority (absent: last), so a variant keeps its range when another's weight changes. */
  priority?: number;
  /** Answered as the result's `variant` when an identity is bucketed into it. */
  key?: string;
}

/** A feature's state in the environment, or a segment's override of it (`name` is the feature's name then). */
export interface FeatureContext {
  /** The seed of the feature's variant split: hashed with the identity key. */
  key: string;
  name: string;
  enabled: boolean;
  value: FlagValue;
  variants?: VariantContext[];
  /** An override's priority: the lowest wins among the segments an identity is in. */
  priority?: number;
  metadata?: Metadata;
}

export interface SegmentContext {
  /** The seed of the segment's PERCENTAGE_SPLIT, and what IN_COHORT names. */
  key: string;
  name: string;
  rules: RuleContext[];
  overrides?: FeatureContext[];
  metadata?: Metadata;
}

export interface EvaluationContext {
  environment: EnvironmentContext;
  identity?: IdentityContext | null;
  segments?: Record<string, SegmentContext>;
  /** Features by name. */
  features?: Record<string, FeatureContext>;
}

/** What is compiled once per environment: everything but the identity. */
export type EnvironmentEvaluationContext = Omit<EvaluationContext, 'identity'>;

export interface FlagResult {
  enabled: boolean;
  name: string;
  /** `DEFAULT`, `TARGETING_MATCH; segment=<name>` or `SPLIT; weight=<weight>`. */
  reason: string;
  value: FlagValue;
  variant: string | null;
  metadata?: Metadata;
}

export interface SegmentResult {
  name: string;
  metadata?: Metadata;
}

export interface EvaluationResult {
  /** Flags by feature name. */
  flags: Record<string, FlagResult>;
  /** The segments the identity is in, in the order of the context. */
  segments: SegmentResult[];
}
