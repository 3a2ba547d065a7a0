import type { z } from 'zod';
import type { ExportAllocation, ExportFeature, ExportFeatureSegment, ExportFeatureState, ExportIdentityOverride, ExportSegment, ExportTag } from '@strata/contracts/export';
import type { Path, Problems } from './problems';
import type { environmentSchema } from './schemas';
import { addSegmentReferenceProblems } from './segment-references';

/**
 * Cross-references of a file, checked after its elements: by name (features case-insensitively, as flag keys), the
 * first element of a name being the one referenced. Names declared by elements that have other problems still count,
 * so one problem is not reported twice.
 */

export interface ParsedEnvironment {
  core: z.output<typeof environmentSchema> | undefined;
  feature_states: (ExportFeatureState | undefined)[];
  feature_segments: (ExportFeatureSegment | undefined)[];
  identity_overrides: (ExportIdentityOverride | undefined)[] | undefined;
}

/** Each section's elements (undefined where one did not parse) and the names each declared. */
export interface Sections {
  tags: (ExportTag | undefined)[];
  segments: (ExportSegment | undefined)[];
  features: (ExportFeature | undefined)[];
  environments: ParsedEnvironment[];
  declared: Record<'tags' | 'segments' | 'features' | 'environments', (string | undefined)[]>;
}

/** Where the first element of each name is. */
export interface NameIndex {
  features: Map<string, number>;
  segments: Map<string, number>;
  environments: Map<string, number>;
  tags: Set<string>;
}

export const featureKey = (name: string): string => name.toLowerCase();

interface Context {
  sections: Sections;
  names: NameIndex;
  problems: Problems;
  /** Project-scoped rollout groups of the whole file, by feature and segment: each is written once. */
  projectGroups: Map<string, string>;
}

export function addReferenceProblems(sections: Sections, problems: Problems): void {
  const context: Context = { sections, names: indexNames(sections, problems), problems, projectGroups: new Map() };
  sections.features.forEach((feature, index) => feature && addFeatureProblems(feature, ['features', index], context));
  addSegmentReferenceProblems(sections, context.names, problems);
  sections.environments.forEach((environment, index) => addEnvironmentProblems(environment, index, context));
}

/** First occurrences; two features whose names differ only in case, or two environments of one name, cannot both be imported. */
function indexNames({ declared }: Sections, problems: Problems): NameIndex {
  const first = (names: (string | undefined)[], key: (name: string) => string, section: string, clash: string | undefined) => {
    const index = new Map<string, number>();
    names.forEach((name, at) => {
      if (name === undefined) return;
      const earlier = index.get(key(name));
      if (earlier === undefined) index.set(key(name), at);
      else if (clash !== undefined) problems.add([section, at, 'name'], `${clash} "${name}" is also ${section}.${earlier}.`);
    });
    return index;
  };
  return {
    features: first(declared.features, featureKey, 'features', 'Feature names are unique in a project, in any case:'),
    environments: first(declared.environments, (name) => name, 'environments', 'Environment names are unique in a file:'),
    segments: first(declared.segments, (name) => name, 'segments', undefined),
    tags: new Set(declared.tags.filter((label): label is string => label !== undefined)),
  };
}

function addFeatureProblems(feature: ExportFeature, path: Path, { names, problems }: Context): void {
  feature.tags.forEach((label, index) => {
    if (!names.tags.has(label)) problems.add([...path, 'tags', index], `No tag labelled "${label}" in the file's tags.`);
  });
  if (feature.environment !== undefined && !names.environments.has(feature.environment)) {
    problems.add([...path, 'environment'], `No environment named "${feature.environment}" in the file.`);
  }
}

function addEnvironmentProblems(environment: ParsedEnvironment, index: number, context: Context): void {
  const name = environment.core?.name ?? context.sections.declared.environments[index];
  const path: Path = ['environments', index];
  const states = new Map<number, number>();
  environment.feature_states.forEach((state, at) => {
    if (state === undefined) return;
    const statePath = (): Path => [...path, 'feature_states', at];
    const feature = featureIn(state.feature, name, () => [...statePath(), 'feature'], context);
    if (feature === undefined) return;
    const earlier = states.get(feature);
    if (earlier !== undefined) context.problems.add([...statePath(), 'feature'], `This environment already has a state of "${state.feature}" (feature_states.${earlier}).`);
    states.set(feature, at);
    addAllocationProblems(state.multivariate_feature_state_values, feature, () => [...statePath(), 'multivariate_feature_state_values'], context);
  });
  addRolloutGroupProblems(environment, index, name, context);
  addIdentityOverrideProblems(environment, path, name, context);
}

/** The index of the feature a state names, when it exists and the environment sees it. */
function featureIn(name: string, environment: string | undefined, path: () => Path, { sections, names, problems }: Context): number | undefined {
  const index = names.features.get(featureKey(name));
  if (index === undefined) {
    problems.add(path(), `No feature named "${name}" in the file.`);
    return undefined;
  }
  const owner = sections.features[index]?.environment;
  if (owner !== undefined && environment !== undefined && owner !== environment) {
    problems.add(path(), `Feature "${name}" belongs to environment "${owner}" (features.${index}.environment); "${environment}" does not see it.`);
    return undefined;
  }
  return index;
}

function addAllocationProblems(values: ExportAllocation[], feature: number, path: () => Path, { sections, problems }: Context): void {
  const definition = sections.features[feature];
  if (definition === undefined) return;
  const count = definition.multivariate_options.length;
  const seen = new Set<number>();
  values.forEach(({ multivariate_feature_option: option }, index) => {
    const at = (): Path => [...path(), index, 'multivariate_feature_option'];
    if (option >= count) problems.add(at(), `Feature "${definition.name}" has ${count} multivariate option(s) (features.${feature}.multivariate_options); index ${option} is out of range.`);
    else if (seen.has(option)) problems.add(at(), `Option ${option} is allocated twice in this state.`);
    seen.add(option);
  });
}

function addRolloutGroupProblems(environment: ParsedEnvironment, index: number, name: string | undefined, context: Context): void {
  const environmentGroups = new Map<string, string>();
  environment.feature_segments.forEach((group, at) => {
    if (group === undefined) return;
    const path: Path = ['environments', index, 'feature_segments', at];
    const feature = featureIn(group.feature, name, () => [...path, 'feature'], context);
    const segment = segmentFor(group, name, path, context);
    if (feature === undefined) return;
    addAllocationProblems(group.feature_state.multivariate_feature_state_values, feature, () => [...path, 'feature_state', 'multivariate_feature_state_values'], context);
    const owner = context.sections.features[feature]?.environment;
    if (group.scope === 'project' && owner !== undefined) {
      context.problems.add([...path, 'scope'], `A project-scoped rollout group applies in every environment; feature "${group.feature}" belongs to "${owner}" only.`);
    }
    if (segment === undefined) return;
    const groups = group.scope === 'project' ? context.projectGroups : environmentGroups;
    const key = `${feature}:${segment}`;
    const earlier = groups.get(key);
    if (earlier !== undefined) context.problems.add([...path, 'segment'], `Feature "${group.feature}" already has this ${group.scope ?? 'environment'}-scoped rollout group for "${group.segment}" (${earlier}).`);
    else groups.set(key, `environments.${index}.feature_segments.${at}`);
  });
}

/** The segment a rollout group uses, when it exists and the group may use it (SPEC §4.4's scope rule). */
function segmentFor(group: ExportFeatureSegment, environment: string | undefined, path: Path, { sections, names, problems }: Context): number | undefined {
  const index = names.segments.get(group.segment);
  if (index === undefined) {
    problems.add([...path, 'segment'], `No segment named "${group.segment}" in the file.`);
    return undefined;
  }
  const owner = sections.segments[index]?.environment;
  if (owner === undefined) return index;
  if (group.scope === 'project') {
    problems.add([...path, 'segment'], `A project-scoped rollout group uses only project-wide segments; "${group.segment}" belongs to environment "${owner}".`);
  } else if (environment !== undefined && owner !== environment) {
    problems.add([...path, 'segment'], `Segment "${group.segment}" belongs to environment "${owner}"; a rollout group of "${environment}" cannot use it.`);
  }
  return index;
}

function addIdentityOverrideProblems(environment: ParsedEnvironment, path: Path, name: string | undefined, context: Context): void {
  const seen = new Map<string, number>();
  environment.identity_overrides?.forEach((override, at) => {
    if (override === undefined) return;
    const overridePath = (): Path => [...path, 'identity_overrides', at];
    const feature = featureIn(override.feature, name, () => [...overridePath(), 'feature'], context);
    if (feature === undefined) return;
    const key = `${feature}:${override.identifier}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      context.problems.add([...overridePath(), 'identifier'], `"${override.identifier}" already has an override of "${override.feature}" here (identity_overrides.${earlier}).`);
    }
    seen.set(key, at);
  });
}
