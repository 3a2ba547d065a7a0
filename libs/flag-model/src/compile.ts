import type { entities } from '@strata/contracts';
import { flagDefaults, isSeenFrom } from '@strata/rules';
import type { ConditionContext, EnvironmentEvaluationContext, FeatureContext, FlagValue, RuleContext, SegmentContext } from '@strata/flag-engine';
import type { FlagsModel } from './flags-model';
import type { Environment, Flag } from './model-types';

/**
 * One environment as the engine sees it (SPEC §4.5): the flags it sees (its own and the project's project-wide ones)
 * with its state of each — or the definition's defaults —, the rollout groups of both scopes as segment overrides,
 * and every cohort they use, `IN_COHORT` ones included.
 *
 * What is hashed is Strata's own and stable: a flag's variants hash `<projectId>:<flag key>` with the identity key,
 * a cohort's percentage split its id; the identity key is the identifier, or `<environment uuid>_<identifier>` when
 * the environment's `use_identity_composite_key_for_hashing` is on. None of these change when a token is rotated or a
 * state re-created, so a user keeps their variant; and an identifier buckets alike in every environment unless the
 * setting says otherwise.
 */
export function environmentContext(model: FlagsModel, environment: Environment): { engine: EnvironmentEvaluationContext; flags: Flag[] } {
  const features: Record<string, FeatureContext> = {};
  const segments = new Map<string, SegmentContext>();
  const flags: Flag[] = [];
  for (const flag of model.flags.values()) {
    if (!isSeenFrom(flag, environment.projectId, environment.id)) continue;
    flags.push(flag);
    const state = model.states.get(`${flag.id}:${environment.id}`) ?? flagDefaults(flag.fields);
    features[flag.fields.key] = featureOf(flag, state.enabled, state.featureStateValue, state.multivariateValues);
    const groups = [...state.segmentOverrides, ...(model.projectGroups.get(flag.id) ?? [])];
    for (const group of groups) addOverride(model, environment, segments, flag, group);
  }
  return { engine: { environment: { key: environment.uuid, name: environment.name }, features, segments: Object.fromEntries(segments) }, flags };
}

export function identityKeyOf(environment: Environment, identifier: string): string {
  return environment.settings.use_identity_composite_key_for_hashing ? `${environment.uuid}_${identifier}` : identifier;
}

function featureOf(
  flag: Flag,
  enabled: boolean,
  value: entities.FeatureStateValue | null | undefined,
  allocations: readonly entities.MultivariateStateValue[] | undefined,
  priority?: number,
): FeatureContext {
  const options = flag.fields.multivariate_options ?? [];
  const variants = (allocations ?? [])
    .filter((allocation) => options[allocation.multivariate_feature_option] !== undefined)
    .map((allocation) => {
      const option = options[allocation.multivariate_feature_option];
      return { value: valueOf(option), weight: allocation.percentage_allocation, priority: allocation.multivariate_feature_option, key: String(allocation.multivariate_feature_option) };
    });
  const feature: FeatureContext = { key: `${flag.projectId}:${flag.fields.key}`, name: flag.fields.key, enabled, value: valueOf(value), metadata: { id: flag.id } };
  if (variants.length > 0) feature.variants = variants;
  if (priority !== undefined) feature.priority = priority;
  return feature;
}

function addOverride(model: FlagsModel, environment: Environment, segments: Map<string, SegmentContext>, flag: Flag, group: entities.SegmentOverride): void {
  const segment = segmentOf(model, environment, segments, group.segment_id);
  if (segment === undefined) return;
  const value = group.feature_state_value === undefined ? null : group.feature_state_value;
  (segment.overrides ??= []).push(featureOf(flag, group.enabled, value, group.multivariate_feature_state_values, group.priority));
}

/** The cohort as a segment, and (for `IN_COHORT`) every cohort it names; one the environment does not see is left out. */
function segmentOf(model: FlagsModel, environment: Environment, segments: Map<string, SegmentContext>, cohortId: string): SegmentContext | undefined {
  const known = segments.get(cohortId);
  if (known !== undefined) return known;
  const cohort = model.cohorts.get(cohortId);
  if (cohort === undefined || !isSeenFrom(cohort, environment.projectId, environment.id)) return undefined;
  const segment: SegmentContext = { key: cohort.id, name: cohort.name, rules: cohort.rules.map(ruleOf) };
  segments.set(cohortId, segment);
  for (const id of namedCohorts(cohort.rules)) segmentOf(model, environment, segments, id);
  return segment;
}

function ruleOf(rule: entities.SegmentRule): RuleContext {
  return { type: rule.type, rules: rule.rules.map(ruleOf), conditions: rule.conditions.map(conditionOf) };
}

function conditionOf(condition: entities.SegmentCondition): ConditionContext {
  return { property: condition.property_, operator: condition.operator, value: condition.value };
}

function namedCohorts(rules: readonly entities.SegmentRule[]): string[] {
  return rules.flatMap((rule) => [...rule.conditions.filter((c) => c.operator === 'IN_COHORT').map((c) => c.value), ...namedCohorts(rule.rules)]);
}

export function valueOf(value: entities.FeatureStateValue | null | undefined): FlagValue {
  if (value === null || value === undefined) return null;
  switch (value.type) {
    case 'unicode':
      return value.string_value ?? null;
    case 'int':
      return value.integer_value ?? null;
    case 'bool':
      return value.boolean_value ?? null;
    default: {
      const _exhaustive: never = value.type;
      return _exhaustive;
    }
  }
}
