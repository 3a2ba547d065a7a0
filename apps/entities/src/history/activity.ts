import type { entities } from '@strata/contracts';
import type { RecordedEvent } from '@strata/eventstore';
import { diffFields, type ChangeLogEntry, type Known } from '@strata/service-kit';
import { flagDefaults } from '@strata/rules';

/**
 * How an event of the entities service becomes an entry of its change log (SPEC §10) — no I/O. Each entry keeps its
 * stream's state after the event (the version as it was); the changes are that state against the one before it, as
 * the API names the fields. A flag state's first change is compared with the definition's defaults, which it leaves.
 */

export type ActivityEvent =
  | entities.EntityEvent
  | entities.FlagStateChanged
  | entities.ProjectRolloutGroupsChanged
  | entities.IdentityOverrideSet
  | entities.IdentityOverrideRemoved
  | entities.TagEvent
  | entities.ImportApplied
  | entities.EntitiesAdopted;

export const ACTIVITY_EVENTS = [
  'EntityCreated', 'EntityUpdated', 'EntityMadeProjectWide', 'EntityMadeEnvironmentSpecific', 'EntityMovedToProject', 'EntityDeleted',
  'FlagStateChanged', 'ProjectRolloutGroupsChanged', 'IdentityOverrideSet', 'IdentityOverrideRemoved',
  'TagCreated', 'TagUpdated', 'TagDeleted', 'ImportApplied', 'EntitiesAdopted',
] as const satisfies readonly ActivityEvent['type'][];

/** A stream's state as an entry keeps it: an entity or tag snapshot, a flag state, rollout groups, an identity override. */
export type StreamState =
  | { of: 'entity'; entity: entities.EntitySnapshot }
  | { of: 'flag_state'; state: entities.FlagStateSnapshot }
  | { of: 'rollout'; segmentOverrides: entities.SegmentOverride[] }
  | { of: 'identity'; identifier: string; enabled: boolean; featureStateValue: entities.FeatureStateValue | null }
  | { of: 'tag'; tag: entities.TagSnapshot };

export type ActivityEntry = ChangeLogEntry<StreamState>;

/** An entry is a version of its stream; a flag state's also asks what its flag was (its defaults, its key). */
export function subjectsOf(event: RecordedEvent<ActivityEvent>): string[] {
  return 'flagId' in event.data ? [event.streamId, `entity-${event.data.flagId}`] : [event.streamId];
}

export function entryOf(event: RecordedEvent<ActivityEvent>, known: Known<StreamState>): ActivityEntry | null {
  const before = known.state(event.streamId);
  const described = describe(event, before, known);
  if (described === null) return null;
  return { ...described, subject: event.streamId, changes: described.changes ?? changesBetween(before, described.state) };
}

type Described = Omit<ActivityEntry, 'subject' | 'changes'> & { changes?: entities.FieldChange[] };

function describe(event: RecordedEvent<ActivityEvent>, before: StreamState | null, known: Known<StreamState>): Described | null {
  switch (event.type) {
    case 'EntityCreated':
    case 'EntityUpdated':
    case 'EntityMovedToProject': {
      const entity = event.data.entity;
      const action = event.type === 'EntityCreated' ? 'created' : event.type === 'EntityMovedToProject' ? 'moved' : restoredOr(event.data.restoredFrom, 'updated');
      return { ...entityPlace(entity), action, state: { of: 'entity', entity } };
    }
    case 'EntityMadeProjectWide':
    case 'EntityMadeEnvironmentSpecific': {
      if (before?.of !== 'entity') return null;
      const environmentId = event.type === 'EntityMadeProjectWide' ? null : event.data.environmentId;
      const entity = { ...before.entity, environmentId, updatedAt: event.data.at };
      const action = event.type === 'EntityMadeProjectWide' ? 'made_project_wide' : 'made_environment_specific';
      // Promoted, it is seen from every environment; demoted, from its new owner's.
      return { ...entityPlace(entity), action, state: { of: 'entity', entity } };
    }
    case 'EntityDeleted': {
      const { id, kind, projectId, environmentId } = event.data;
      const name = before?.of === 'entity' ? nameOf(before.entity) : null;
      return { projectId, environmentId, kind, entityId: id, name, action: 'deleted', state: null };
    }
    case 'FlagStateChanged': {
      const { flagId, projectId, environmentId, state, restoredFrom } = event.data;
      const flag = flagOf(known, flagId);
      const changes = changesBetween(before ?? (flag ? { of: 'flag_state', state: flagDefaults(flag.fields) } : null), { of: 'flag_state', state });
      return { projectId, environmentId, kind: 'feature_flag', entityId: flagId, name: flag ? nameOf(flag) : null, action: restoredOr(restoredFrom, 'state_changed'), state: { of: 'flag_state', state }, changes };
    }
    case 'ProjectRolloutGroupsChanged': {
      const { flagId, projectId, segmentOverrides } = event.data;
      const flag = flagOf(known, flagId);
      return { projectId, environmentId: null, kind: 'feature_flag', entityId: flagId, name: flag ? nameOf(flag) : null, action: 'state_changed', state: { of: 'rollout', segmentOverrides } };
    }
    case 'IdentityOverrideSet':
    case 'IdentityOverrideRemoved': {
      const { flagId, projectId, environmentId, identifier } = event.data;
      const state: StreamState | null = event.type === 'IdentityOverrideSet' ? { of: 'identity', identifier, enabled: event.data.enabled, featureStateValue: event.data.featureStateValue } : null;
      const action = event.type === 'IdentityOverrideSet' ? 'identity_override_set' : 'identity_override_removed';
      return { projectId, environmentId, kind: 'identity_override', entityId: flagId, name: identifier, action, state };
    }
    case 'TagCreated':
    case 'TagUpdated': {
      const tag = event.data.tag;
      return { projectId: tag.projectId, environmentId: null, kind: 'tag', entityId: tag.id, name: tag.label, action: event.type === 'TagCreated' ? 'created' : 'updated', state: { of: 'tag', tag } };
    }
    case 'TagDeleted':
      return { projectId: event.data.projectId, environmentId: null, kind: 'tag', entityId: event.data.id, name: before?.of === 'tag' ? before.tag.label : null, action: 'deleted', state: null };
    case 'ImportApplied': {
      const { importId, projectId, strategy } = event.data;
      return { projectId, environmentId: null, kind: 'import', entityId: importId, name: strategy, action: 'imported', state: null, changes: [] };
    }
    case 'EntitiesAdopted': {
      const { adoptionId, environmentId, sourceProjectId, targetProjectId } = event.data;
      const changes = [{ field: 'project_id', before: sourceProjectId, after: targetProjectId }];
      return { projectId: targetProjectId, environmentId, kind: 'environment', entityId: String(environmentId), name: adoptionId, action: 'moved', state: null, changes };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function restoredOr(restoredFrom: number | undefined, action: entities.ActivityAction): entities.ActivityAction {
  return restoredFrom === undefined ? action : 'restored';
}

function entityPlace(entity: entities.EntitySnapshot) {
  return { projectId: entity.projectId, environmentId: entity.environmentId, kind: entity.kind, entityId: entity.id, name: nameOf(entity) };
}

function flagOf(known: Known<StreamState>, flagId: string): entities.EntitySnapshot | null {
  const state = known.state(`entity-${flagId}`);
  return state?.of === 'entity' ? state.entity : null;
}

export function nameOf(entity: Pick<entities.EntitySnapshot, 'kind' | 'fields'>): string | null {
  const name = entity.kind === 'feature_flag' ? entity.fields.key : entity.fields.name;
  return typeof name === 'string' ? name : null;
}

/** A state as the API names its fields: what `changes` compare. */
export function fieldsOf(state: StreamState | null): Record<string, unknown> {
  if (state === null) return {};
  switch (state.of) {
    case 'entity':
      return { ...state.entity.fields, tags: state.entity.tags, is_project_wide: state.entity.environmentId === null };
    case 'flag_state':
      return {
        enabled: state.state.enabled,
        feature_state_value: state.state.featureStateValue,
        multivariate_feature_state_values: state.state.multivariateValues,
        segment_overrides: state.state.segmentOverrides,
      };
    case 'rollout':
      return { segment_overrides: state.segmentOverrides };
    case 'identity':
      return { enabled: state.enabled, feature_state_value: state.featureStateValue };
    case 'tag':
      return { label: state.tag.label, color: state.tag.color, description: state.tag.description, is_permanent: state.tag.isPermanent };
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
}

/** Every field whose value differs, in the order the fields first appear; absent reads as `null`. */
export function changesBetween(before: StreamState | null, after: StreamState | null): entities.FieldChange[] {
  return diffFields(fieldsOf(before), fieldsOf(after));
}
