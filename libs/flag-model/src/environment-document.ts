import type { EnvironmentEvaluationContext, FeatureContext, FlagValue, RuleContext } from '@strata/flag-engine';
import { valueOf } from './compile';
import type { FlagsModel } from './flags-model';
import type { Environment, Flag } from './model-types';

/**
 * Flagsmith's environment document (SPEC §4.5, `GET /api/v1/environment-document/`): what its SDKs read for local
 * evaluation (`buildEnvironmentModel` of flagsmith-nodejs' engine) — the environment's feature states, the project's
 * segments with their overrides, and the identity overrides — built from the same engine context remote evaluation
 * compiles, so the SDK's engine hashes what Strata's hashes: a state's `featurestate_uuid` is the engine's feature
 * key (`<projectId>:<flag key>`, `django_id` null), a variant's id its option's index, a segment's id the cohort's.
 * The SDK hashes an identity as `<api_key>_<identifier>`: `api_key` is the environment's uuid, so an environment with
 * `use_identity_composite_key_for_hashing` gets the variants remote evaluation gives.
 */
export interface EnvironmentDocument {
  id: number;
  api_key: string;
  name: string;
  project: {
    id: number;
    name: string;
    hide_disabled_flags: boolean;
    organisation: { id: number; name: string; feature_analytics: boolean; stop_serving_flags: boolean; persist_trait_data: boolean };
    segments: DocumentSegment[];
  };
  feature_states: DocumentFeatureState[];
  identity_overrides: DocumentIdentityOverride[];
}

export interface DocumentFeatureState {
  feature: { id: number; name: string; type: 'STANDARD' | 'MULTIVARIATE' };
  enabled: boolean;
  django_id: null;
  featurestate_uuid: string;
  feature_state_value: FlagValue;
  multivariate_feature_state_values: { id: number; multivariate_feature_option: { id: number; value: FlagValue }; percentage_allocation: number; mv_fs_value_uuid: null }[];
  feature_segment: { priority: number } | null;
}

interface DocumentRule {
  type: string;
  rules: DocumentRule[];
  conditions: { operator: string; property_: string | null; value: string | null }[];
}

interface DocumentSegment {
  id: string;
  name: string;
  rules: DocumentRule[];
  feature_states: DocumentFeatureState[];
}

interface DocumentIdentityOverride {
  identifier: string;
  identity_uuid: null;
  environment_api_key: string;
  identity_traits: [];
  identity_features: DocumentFeatureState[];
}

export function environmentDocument(model: FlagsModel, environment: Environment, context: { engine: EnvironmentEvaluationContext; flags: Flag[] }): EnvironmentDocument {
  const byKey = new Map(context.flags.map((flag) => [flag.fields.key, flag]));
  const stateOf = (feature: FeatureContext) => featureState(byKey.get(feature.name), feature);
  const segments = Object.values(context.engine.segments ?? {}).map((segment) => ({
    id: segment.key,
    name: segment.name,
    rules: segment.rules.map(ruleOf),
    feature_states: (segment.overrides ?? []).map(stateOf),
  }));
  const identityOverrides: DocumentIdentityOverride[] = [];
  for (const [identifier, overrides] of model.identityOverrides.get(environment.id) ?? []) {
    const features: DocumentFeatureState[] = [];
    for (const flag of context.flags) {
      const override = overrides.get(flag.id);
      const feature = context.engine.features?.[flag.fields.key];
      if (override === undefined || feature === undefined) continue;
      features.push(featureState(flag, { ...feature, enabled: override.enabled, value: valueOf(override.featureStateValue) ?? feature.value, variants: undefined }));
    }
    if (features.length > 0) identityOverrides.push({ identifier, identity_uuid: null, environment_api_key: environment.uuid, identity_traits: [], identity_features: features });
  }
  return {
    id: environment.id,
    api_key: environment.uuid,
    name: environment.name,
    project: {
      id: environment.projectId,
      name: '',
      hide_disabled_flags: environment.settings.hide_disabled_flags === true,
      organisation: { id: 0, name: '', feature_analytics: false, stop_serving_flags: false, persist_trait_data: false },
      segments,
    },
    feature_states: Object.values(context.engine.features ?? {}).map(stateOf),
    identity_overrides: identityOverrides,
  };
}

function featureState(flag: Flag | undefined, feature: FeatureContext): DocumentFeatureState {
  const variants = feature.variants ?? [];
  return {
    feature: { id: flag?.number ?? 0, name: feature.name, type: (flag?.fields.multivariate_options ?? []).length > 0 ? 'MULTIVARIATE' : 'STANDARD' },
    enabled: feature.enabled,
    django_id: null,
    featurestate_uuid: feature.key,
    feature_state_value: feature.value,
    multivariate_feature_state_values: variants.map((variant) => {
      const id = variant.priority ?? 0;
      return { id, multivariate_feature_option: { id, value: variant.value }, percentage_allocation: variant.weight, mv_fs_value_uuid: null };
    }),
    feature_segment: feature.priority === undefined ? null : { priority: feature.priority },
  };
}

function ruleOf(rule: RuleContext): DocumentRule {
  return {
    type: rule.type,
    rules: (rule.rules ?? []).map(ruleOf),
    conditions: (rule.conditions ?? []).map((condition) => ({
      operator: condition.operator,
      property_: condition.property ?? null,
      value: Array.isArray(condition.value) ? JSON.stringify(condition.value) : (condition.value ?? null),
    })),
  };
}
