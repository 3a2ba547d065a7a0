import { ValidationError, entities, type exportFormat } from '@strata/contracts';
import { referencesOf } from '@strata/rules';
import { onNewStream, onStream, uuidv7, type StreamCommand } from '@strata/eventstore';
import { entityStream, tagStream } from '../common/streams';
import { entityDecider, type EntityCommand } from '../entities/entity';
import { stateOf, type EntityRow } from '../entities/entities.queries';
import { wholeFields } from '../entities/entities.plans';
import { tagDecider } from '../tags/tag';
import { environmentIdOf, idOf, type FlagFields, type ImportContext } from './import-context';
import { renamedReferences } from './rules';

/**
 * The definitions an import writes: tags, cohorts (rules rewritten from names to ids) and flags (options reused by
 * value, others kept at allocation 0). A matched entity keeps its id and its scope; a new one is created where the
 * file says. References must respect the graph's rules (SPEC §4.4): a cohort uses only cohorts and actions it sees.
 */

type Command = StreamCommand<unknown, entities.EntitiesEvent>;

export function tagCommands(context: ImportContext): Command[] {
  const labels = new Set(context.loaded.tagLabels);
  return context.plan.tags.flatMap((step): Command[] => {
    const tag = context.file.tags[step.index];
    const changes = { label: tag.label, color: tag.color, description: tag.description, isPermanent: tag.is_permanent };
    if (step.action === 'update' && step.id !== undefined) return [onStream(tagDecider, tagStream(step.id), { type: 'UpdateTag', data: { projectId: context.projectId, changes } })];
    // Labels are unique per project in any case: a file's repeat of a label, or one differing in case only, is the same tag.
    if (step.action !== 'create' || labels.has(tag.label.toLowerCase())) return [];
    labels.add(tag.label.toLowerCase());
    const id = uuidv7();
    return [onNewStream(tagDecider, tagStream(id), { type: 'CreateTag', data: { tag: { id, projectId: context.projectId, ...changes, createdAt: context.at } } })];
  });
}

/** Scopes first (every cohort's, new ones included), so each cohort's references are checked against the final graph. */
export function cohortCommands(context: ImportContext): Command[] {
  for (const step of context.plan.segments) {
    if (step.action === 'create') context.cohortScopes.set(context.ids.segments[step.index], step.environment ? environmentIdOf(step.environment, context) : null);
  }
  return context.plan.segments.flatMap((step): Command[] => {
    if (step.action === 'skip') return [];
    const id = context.ids.segments[step.index];
    const segment = context.file.segments[step.index];
    const environmentId = context.cohortScopes.get(id) ?? null;
    const names = new Map(step.cohorts.map(({ name, ref }) => [name, idOf(ref, context.ids.segments)]));
    const rules = renamedReferences(segment.rules, (operator, value) => (operator === 'IN_COHORT' ? (names.get(value.trim()) as string) : actionFor(value.trim(), environmentId, context)));
    const fields = wholeFields('cohort', { name: segment.name, description: segment.description, rules });
    const references = referencesOf('cohort', fields);
    assertVisible(references, environmentId, segment.name, context);
    const row = context.loaded.cohorts.get(id);
    return [entityCommand(context, { id, kind: 'cohort', environmentId, fields, tags: row?.tags ?? [], references }, row)];
  });
}

/** The action of that name the cohort sees (project-wide first); existence was checked before planning. */
function actionFor(name: string, environmentId: number | null, context: ImportContext): string {
  const named = context.loaded.actions.filter((action) => action.name === name);
  const seen = named.find((action) => action.environmentId === null) ?? named.find((action) => action.environmentId === environmentId) ?? named[0];
  return seen.id;
}

function assertVisible(references: entities.EntityReference[], environmentId: number | null, name: string, context: ImportContext): void {
  for (const reference of references) {
    const scope = reference.kind === 'cohort' ? context.cohortScopes.get(reference.id) : context.loaded.actions.find((action) => action.id === reference.id)?.environmentId;
    if (scope === null || (scope !== undefined && scope === environmentId)) continue;
    const where = environmentId === null ? 'a project-wide segment' : 'its environment';
    throw new ValidationError(`Segment "${name}" uses a ${reference.kind} that ${where} does not see in this project.`, 'segments', 'invalid_reference');
  }
}

interface Written {
  id: string;
  kind: 'cohort' | 'feature_flag';
  environmentId: number | null;
  fields: entities.KindFields;
  tags: string[];
  references: entities.EntityReference[];
}

/** A creation, or an update of the matched row decided on that row at its version (changed since: plan again). */
function entityCommand(context: ImportContext, written: Written, row: EntityRow | undefined): Command {
  const { id, kind, environmentId, fields, tags, references } = written;
  if (row === undefined) {
    const entity = { id, kind, projectId: context.projectId, environmentId, fields, tags, references, createdAt: context.at, updatedAt: context.at };
    return onNewStream(entityDecider, entityStream(id), { type: 'CreateEntity', data: { entity } });
  }
  const from = { kind, projectId: context.projectId, environmentId: row.environment_id === null ? 0 : Number(row.environment_id) };
  const command: EntityCommand = { type: 'UpdateEntity', data: { from, fields, tags, references, at: context.at } };
  return onStream(entityDecider, entityStream(id), command, { from: { state: stateOf(row), version: row.version } });
}

export function flagCommands(context: ImportContext): Command[] {
  return context.plan.features.flatMap((step): Command[] => {
    if (step.action === 'skip') return [];
    const id = context.ids.features[step.index];
    const feature = context.file.features[step.index];
    const row = context.loaded.flags.get(id);
    const environmentId = row ? (row.environment_id === null ? null : Number(row.environment_id)) : step.environment ? environmentIdOf(step.environment, context) : null;
    const { options, optionIndex, zeroed } = mergedOptions(feature, step, row);
    const definition = { key: feature.name, description: feature.description, default_enabled: feature.default_enabled, initial_value: feature.initial_value, is_server_key_only: feature.is_server_key_only };
    const fields = wholeFields('feature_flag', { ...(row?.fields ?? {}), ...definition, multivariate_options: options }) as FlagFields;
    context.flags.set(id, { environmentId, fields, optionIndex, zeroed });
    return [entityCommand(context, { id, kind: 'feature_flag', environmentId, fields, tags: feature.tags, references: [] }, row)];
  });
}

/**
 * The flag's options after the import: each existing option stays where it is (states elsewhere allocate by place) —
 * reused ones take the file's allocation, the others 0 — and the file's new ones follow.
 */
function mergedOptions(feature: exportFormat.ExportFeature, step: exportFormat.FeatureStep, row: EntityRow | undefined) {
  const existing = ((row?.fields as FlagFields | undefined)?.multivariate_options ?? []) as exportFormat.ExportMultivariateOption[];
  const options = existing.map((option) => ({ ...option, default_percentage_allocation: 0 }));
  const optionIndex = feature.multivariate_options.map((option, index) => {
    const reuse = step.options?.find((planned) => planned.index === index)?.reuse ?? null;
    if (reuse !== null) {
      options[Number(reuse)] = option;
      return Number(reuse);
    }
    return options.push(option) - 1;
  });
  return { options, optionIndex, zeroed: (step.zeroed_option_ids ?? []).map(Number) };
}
