import { projects, type entities } from '@strata/contracts';
import type { RecordedEvent } from '@strata/messaging';
import type { Environment, Flag, Cohort, IdentityOverrideValue } from './model-types';

type ProjectsEvent = RecordedEvent<'projects'>;
type EntitiesEvent = RecordedEvent<'entities'>;

/** Bump when the model's shape or how an event folds into it changes: older snapshots are then ignored (full replay). */
export const FLAGS_MODEL_FORMAT_VERSION = 3;

/** The model as a JSON value: what a snapshot holds. */
export interface FlagsModelState {
  version: number;
  environments: [number, Environment][];
  clientKeys: [string, number][];
  serverKeys: [string, number][];
  flags: [string, Flag][];
  cohorts: [string, Cohort][];
  states: [string, entities.FlagStateSnapshot][];
  projectGroups: [string, entities.SegmentOverride[]][];
  identityOverrides: [number, [string, [string, IdentityOverrideValue][]][]][];
  changedAt: [number, string][];
}

const NOTHING_CHANGED: ReadonlySet<number> = new Set();

/**
 * Everything flag evaluation needs, in memory (SPEC §4.5): environments with their keys and settings (from the projects
 * stream), flags and cohorts with their scope, states, rollout groups and identity overrides (from the entities
 * stream). Applying an event marks the projects it touches changed, so their compiled environments are rebuilt on the
 * next evaluation — never a database query per evaluation.
 */
export class FlagsModel {
  readonly environments = new Map<number, Environment>();
  /** `api_token` → environment (client keys are public: kept as they are). */
  readonly clientKeys = new Map<string, number>();
  /** sha256 of a server key → environment. */
  readonly serverKeys = new Map<string, number>();
  readonly flags = new Map<string, Flag>();
  readonly cohorts = new Map<string, Cohort>();
  /** `<flagId>:<environmentId>` → the environment's state of the flag. */
  readonly states = new Map<string, entities.FlagStateSnapshot>();
  /** flag → its project-scoped rollout groups. */
  readonly projectGroups = new Map<string, entities.SegmentOverride[]>();
  /** environment → identifier → flag → override. */
  readonly identityOverrides = new Map<number, Map<string, Map<string, IdentityOverrideValue>>>();
  /** project → when the last event that changed it was recorded: the environment document's `Last-Modified`. */
  readonly changedAt = new Map<number, string>();
  private readonly changedProjects = new Set<number>();
  /** The recording time of the event being applied. */
  private applying?: string;
  /** Counts applied events: lets an answer name the model it came from (ETags). */
  version = 0;

  capture(): FlagsModelState {
    const { environments, clientKeys, serverKeys, flags, cohorts, states, projectGroups } = this;
    return {
      version: this.version,
      environments: [...environments],
      clientKeys: [...clientKeys],
      serverKeys: [...serverKeys],
      flags: [...flags],
      cohorts: [...cohorts],
      states: [...states],
      projectGroups: [...projectGroups],
      identityOverrides: [...this.identityOverrides].map(([environmentId, byIdentity]) => [environmentId, [...byIdentity].map(([identifier, overrides]) => [identifier, [...overrides]])]),
      changedAt: [...this.changedAt],
    };
  }

  /** Replaces the content by a captured state: every project it names counts as changed (compiled anew). */
  restore(state: FlagsModelState): void {
    this.applying = undefined;
    this.clear();
    const fill = <K, V>(map: Map<K, V>, entries: [K, V][]) => entries.forEach(([key, value]) => map.set(key, value));
    fill(this.environments, state.environments);
    fill(this.clientKeys, state.clientKeys);
    fill(this.serverKeys, state.serverKeys);
    fill(this.flags, state.flags);
    fill(this.cohorts, state.cohorts);
    fill(this.states, state.states);
    fill(this.projectGroups, state.projectGroups);
    fill(this.changedAt, state.changedAt);
    for (const [environmentId, byIdentity] of state.identityOverrides) {
      this.identityOverrides.set(environmentId, new Map(byIdentity.map(([identifier, overrides]) => [identifier, new Map(overrides)])));
    }
    for (const { projectId } of [...this.environments.values(), ...this.flags.values(), ...this.cohorts.values()]) this.touch(projectId);
    this.version = state.version;
  }

  clear(): void {
    this.applying = undefined;
    for (const { projectId } of this.environments.values()) this.touch(projectId);
    for (const map of [this.environments, this.clientKeys, this.serverKeys, this.flags, this.cohorts, this.states, this.projectGroups, this.identityOverrides, this.changedAt]) map.clear();
    this.version = 0;
  }

  /** Projects whose compiled environments are stale; read once by the compiler, which forgets them. */
  takeChangedProjects(): ReadonlySet<number> {
    // Asked on every SDK request; nearly always nothing changed since.
    if (this.changedProjects.size === 0) return NOTHING_CHANGED;
    const changed = new Set(this.changedProjects);
    this.changedProjects.clear();
    return changed;
  }

  applyProjects(event: ProjectsEvent): void {
    this.version++;
    this.applying = event.createdAt;
    switch (event.type) {
      case 'EnvironmentCreated':
        return this.placeEnvironment(event.data);
      case 'EnvironmentMovedIn':
        return this.placeEnvironment(event.data.environment);
      case 'EnvironmentSettingsChanged':
        return this.changeEnvironment(event.data.environmentId, (environment) => ({ ...environment, settings: { ...environment.settings, ...event.data.changes } }));
      case 'EnvironmentRenamed':
        return this.changeEnvironment(event.data.environmentId, (environment) => ({ ...environment, name: event.data.name }));
      case 'EnvironmentTokenReset':
        this.clientKeys.delete(event.data.previousToken);
        this.clientKeys.set(event.data.apiToken, event.data.environmentId);
        return;
      case 'ServerKeyCreated':
        this.serverKeys.set(event.data.secretHash, event.data.environmentId);
        return;
      case 'ServerKeyRevoked':
        this.serverKeys.delete(event.data.secretHash);
        return;
      case 'EnvironmentDeleted':
        return this.removeEnvironment(event.data.environmentId);
      case 'EnvironmentMovedOut':
        if (this.environments.get(event.data.environmentId)?.projectId === event.data.projectId) this.removeEnvironment(event.data.environmentId);
        return;
      default:
        return;
    }
  }

  applyEntities(event: EntitiesEvent): void {
    this.version++;
    this.applying = event.createdAt;
    switch (event.type) {
      case 'EntityCreated':
      case 'EntityUpdated':
        return this.placeEntity(event.data.entity, event.globalPosition);
      case 'EntityMovedToProject':
        this.touch(event.data.fromProjectId);
        return this.placeEntity(event.data.entity, event.globalPosition);
      case 'EntityMadeProjectWide':
        return this.rescope(event.data.id, event.data.projectId, null);
      case 'EntityMadeEnvironmentSpecific':
        return this.rescope(event.data.id, event.data.projectId, event.data.environmentId);
      case 'EntityDeleted':
        this.flags.delete(event.data.id);
        this.cohorts.delete(event.data.id);
        return this.touch(event.data.projectId);
      case 'FlagStateChanged':
        this.states.set(`${event.data.flagId}:${event.data.environmentId}`, event.data.state);
        return this.touch(event.data.projectId);
      case 'FlagStateLeft':
        return this.leaveState(event.data);
      case 'ProjectRolloutGroupsChanged':
        this.projectGroups.set(event.data.flagId, event.data.segmentOverrides);
        return this.touch(event.data.projectId);
      case 'IdentityOverrideSet':
      case 'IdentityOverrideRemoved':
        return this.applyIdentityOverride(event);
      case 'EnvironmentEntitiesRemoved':
        return this.removeEntitiesOf(event.data.projectId, event.data.environmentId);
      case 'ProjectEntitiesRemoved':
        return this.removeEntitiesOf(event.data.projectId, null);
      default:
        return;
    }
  }

  private placeEnvironment(snapshot: projects.EnvironmentSnapshot): void {
    const { environmentId, uuid, projectId, name, apiToken, settings } = snapshot;
    this.environments.set(environmentId, { id: environmentId, uuid, projectId, name, settings: { ...projects.DEFAULT_ENVIRONMENT_SETTINGS, ...settings } });
    this.clientKeys.set(apiToken, environmentId);
    for (const key of snapshot.serverKeys ?? []) this.serverKeys.set(key.secretHash, environmentId);
    this.touch(projectId);
  }

  private changeEnvironment(environmentId: number, change: (environment: Environment) => Environment): void {
    const environment = this.environments.get(environmentId);
    if (environment === undefined) return;
    this.environments.set(environmentId, change(environment));
    this.touch(environment.projectId);
  }

  private removeEnvironment(environmentId: number): void {
    const environment = this.environments.get(environmentId);
    if (environment === undefined) return;
    this.environments.delete(environmentId);
    for (const [token, id] of this.clientKeys) if (id === environmentId) this.clientKeys.delete(token);
    for (const [hash, id] of this.serverKeys) if (id === environmentId) this.serverKeys.delete(hash);
    this.touch(environment.projectId);
  }

  /**
   * A flag keeps the number it was placed with: the global position of its `EntityCreated` (the log's order is the
   * same on every replay, and no two flags are created by one event), so it survives updates, moves and restarts.
   */
  private placeEntity(entity: entities.EntitySnapshot, position: number): void {
    const { id, kind, projectId, environmentId, fields } = entity;
    if (kind === 'feature_flag') this.flags.set(id, { id, number: this.flags.get(id)?.number ?? position, projectId, environmentId, fields: fields as Flag['fields'] });
    if (kind === 'cohort') this.cohorts.set(id, { id, projectId, environmentId, name: String(fields.name), rules: fields.rules as entities.CohortRules });
    if (kind === 'feature_flag' || kind === 'cohort') this.touch(projectId);
  }

  private rescope(id: string, projectId: number, environmentId: number | null): void {
    const flag = this.flags.get(id);
    if (flag !== undefined) this.flags.set(id, { ...flag, environmentId });
    const cohort = this.cohorts.get(id);
    if (cohort !== undefined) this.cohorts.set(id, { ...cohort, environmentId });
    this.touch(projectId);
  }

  /** The original of a flag an environment took a copy of when it left the project: its state and overrides there go. */
  private leaveState({ flagId, projectId, environmentId }: { flagId: string; projectId: number; environmentId: number }): void {
    this.states.delete(`${flagId}:${environmentId}`);
    for (const overrides of this.identityOverrides.get(environmentId)?.values() ?? []) overrides.delete(flagId);
    this.touch(projectId);
  }

  private applyIdentityOverride(event: Extract<EntitiesEvent, { type: 'IdentityOverrideSet' | 'IdentityOverrideRemoved' }>): void {
    const { environmentId, identifier, flagId } = event.data;
    let byIdentity = this.identityOverrides.get(environmentId);
    if (byIdentity === undefined) this.identityOverrides.set(environmentId, (byIdentity = new Map()));
    const overrides = byIdentity.get(identifier) ?? new Map<string, IdentityOverrideValue>();
    if (event.type === 'IdentityOverrideSet') overrides.set(flagId, { enabled: event.data.enabled, featureStateValue: event.data.featureStateValue });
    else overrides.delete(flagId);
    if (overrides.size === 0) byIdentity.delete(identifier);
    else byIdentity.set(identifier, overrides);
    // The environment document lists identity overrides: it is rebuilt as after any change to the project.
    this.touch(event.data.projectId);
  }

  private removeEntitiesOf(projectId: number, environmentId: number | null): void {
    const goes = (entity: { projectId: number; environmentId: number | null }) =>
      entity.projectId === projectId && (environmentId === null || entity.environmentId === environmentId);
    for (const [id, flag] of this.flags) if (goes(flag)) this.flags.delete(id);
    for (const [id, cohort] of this.cohorts) if (goes(cohort)) this.cohorts.delete(id);
    if (environmentId !== null) {
      for (const key of this.states.keys()) if (key.endsWith(`:${environmentId}`)) this.states.delete(key);
      this.identityOverrides.delete(environmentId);
    }
    this.touch(projectId);
  }

  private touch(projectId: number): void {
    this.changedProjects.add(projectId);
    if (this.applying !== undefined) this.changedAt.set(projectId, this.applying);
  }
}
