import type { projects, taxonomy } from '@strata/contracts';

/** Where an environment's events go. Replaced, never mutated, so a route read by a resolve stays consistent. */
export interface EnvironmentRoute {
  readonly environmentId: number;
  readonly projectId: number;
  readonly token: string;
}

export type TableEvent = projects.ProjectsEvent | taxonomy.TaxonomyEvent;

/** Where an event was read from: the guard that makes a redelivered or replayed event change nothing. */
export interface EventOrigin {
  service: 'projects' | 'taxonomy';
  streamId: string;
  streamPosition: number;
}

export interface TablesSnapshot {
  tokens: [string, EnvironmentRoute][];
  environments: [number, EnvironmentRoute][];
  groupTypes: [number, [string, number][]][];
}

/** Bump when the tables' shape or how an event folds into them changes: older snapshots are then ignored (full replay). */
export const TABLES_FORMAT_VERSION = 1;

/** The tables as a JSON value (what a snapshot holds): their content and the last position applied per stream. */
export interface TablesState extends TablesSnapshot {
  positions: [string, number][];
}

/**
 * The ingestion mapper's read model, in memory: token → environment, environment → project, and per project group
 * type → index. Fed by the projects and taxonomy event streams (replayed at start, then live). Applying an event at
 * or before the last applied position of its stream changes nothing, so redeliveries and overlapping replays are safe.
 */
export class IngestionTables {
  private readonly byToken = new Map<string, EnvironmentRoute>();
  private readonly byEnvironment = new Map<number, EnvironmentRoute>();
  private readonly groupTypesByProject = new Map<number, Map<string, number>>();
  private readonly positions = new Map<string, number>();

  routeOfToken(token: string): EnvironmentRoute | undefined {
    return this.byToken.get(token);
  }

  routeOfEnvironment(environmentId: number): EnvironmentRoute | undefined {
    return this.byEnvironment.get(environmentId);
  }

  /** group type → index of a project; `undefined` while it has none. */
  groupTypesOf(projectId: number): ReadonlyMap<string, number> | undefined {
    return this.groupTypesByProject.get(projectId);
  }

  /** Applies one event; `false` when it was already applied (or is of no concern to the tables). */
  apply(event: TableEvent, origin: EventOrigin): boolean {
    if (!isRelevant(event)) return false;
    const stream = `${origin.service}/${origin.streamId}`;
    const applied = this.positions.get(stream);
    if (applied !== undefined && origin.streamPosition <= applied) return false;
    this.positions.set(stream, origin.streamPosition);
    this.change(event);
    return true;
  }

  /**
   * Records mappings taxonomy answered to a registration, before its `GroupTypeRegistered` events arrive. Safe out of
   * order: a type's index never changes once given, and a registration never reuses an index.
   */
  learnGroupTypes(projectId: number, mapping: Readonly<Record<string, number>>): void {
    for (const [groupType, index] of Object.entries(mapping)) this.registerGroupType(projectId, groupType, index);
  }

  /** Sorted, for specs and diagnostics: two tables with equal snapshots answer every lookup alike. */
  snapshot(): TablesSnapshot {
    const byKey = <K extends string | number>(a: [K, unknown], b: [K, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return {
      tokens: [...this.byToken.entries()].sort(byKey),
      environments: [...this.byEnvironment.entries()].sort(byKey),
      groupTypes: [...this.groupTypesByProject.entries()]
        .filter(([, types]) => types.size > 0)
        .map(([projectId, types]): [number, [string, number][]] => [projectId, [...types.entries()].sort(byKey)])
        .sort(byKey),
    };
  }

  capture(): TablesState {
    return { ...this.snapshot(), positions: [...this.positions] };
  }

  /** Replaces the content by a captured state. A token's route is its environment's route object when they agree. */
  restore(state: TablesState): void {
    this.clear();
    for (const [environmentId, route] of state.environments) this.byEnvironment.set(environmentId, route);
    for (const [token, route] of state.tokens) {
      const current = this.byEnvironment.get(route.environmentId);
      const same = current !== undefined && current.token === token && current.projectId === route.projectId;
      this.byToken.set(token, same ? current : route);
    }
    for (const [projectId, types] of state.groupTypes) this.groupTypesByProject.set(projectId, new Map(types));
    for (const [stream, position] of state.positions) this.positions.set(stream, position);
  }

  clear(): void {
    for (const map of [this.byToken, this.byEnvironment, this.groupTypesByProject, this.positions]) map.clear();
  }

  private change(event: RelevantEvent): void {
    switch (event.type) {
      case 'EnvironmentCreated':
        return this.route(event.data.environmentId, event.data.projectId, event.data.apiToken);
      case 'EnvironmentTokenReset': {
        const { environmentId, projectId, apiToken, previousToken } = event.data;
        if (this.byToken.get(previousToken)?.environmentId === environmentId) this.byToken.delete(previousToken);
        return this.route(environmentId, this.byEnvironment.get(environmentId)?.projectId ?? projectId, apiToken);
      }
      case 'EnvironmentDeleted':
        return this.unroute(event.data.environmentId, event.data.projectId);
      // Either half of a move points the environment at its new project; whichever arrives first wins the race.
      case 'EnvironmentMovedOut':
        return this.route(event.data.environmentId, event.data.toProjectId, event.data.environment.apiToken);
      case 'EnvironmentMovedIn':
        return this.route(event.data.environmentId, event.data.projectId, event.data.environment.apiToken);
      case 'ProjectDeleted': {
        for (const { environmentId } of event.data.environments) this.unroute(environmentId, event.data.projectId);
        this.groupTypesByProject.delete(event.data.projectId);
        return;
      }
      case 'GroupTypeRegistered':
        return this.registerGroupType(event.data.projectId, event.data.groupType, event.data.index);
      case 'ProjectTaxonomyRemoved':
        this.groupTypesByProject.delete(event.data.projectId);
        return;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }

  private route(environmentId: number, projectId: number, token: string): void {
    const previous = this.byEnvironment.get(environmentId);
    if (previous !== undefined && previous.token !== token && this.byToken.get(previous.token) === previous) {
      this.byToken.delete(previous.token);
    }
    const route: EnvironmentRoute = { environmentId, projectId, token };
    this.byEnvironment.set(environmentId, route);
    this.byToken.set(token, route);
  }

  /** Only while the environment still belongs to `projectId`: a deletion never undoes a later move. */
  private unroute(environmentId: number, projectId: number): void {
    const route = this.byEnvironment.get(environmentId);
    if (route === undefined || route.projectId !== projectId) return;
    this.byEnvironment.delete(environmentId);
    if (this.byToken.get(route.token) === route) this.byToken.delete(route.token);
  }

  private registerGroupType(projectId: number, groupType: string, index: number): void {
    let types = this.groupTypesByProject.get(projectId);
    if (types === undefined) {
      types = new Map();
      this.groupTypesByProject.set(projectId, types);
    }
    types.set(groupType, index);
  }
}

type RelevantEvent = Extract<
  TableEvent,
  {
    type:
      | 'EnvironmentCreated'
      | 'EnvironmentTokenReset'
      | 'EnvironmentDeleted'
      | 'EnvironmentMovedOut'
      | 'EnvironmentMovedIn'
      | 'ProjectDeleted'
      | 'GroupTypeRegistered'
      | 'ProjectTaxonomyRemoved';
  }
>;

const RELEVANT: ReadonlySet<string> = new Set<RelevantEvent['type']>([
  'EnvironmentCreated',
  'EnvironmentTokenReset',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
  'EnvironmentMovedIn',
  'ProjectDeleted',
  'GroupTypeRegistered',
  'ProjectTaxonomyRemoved',
]);

function isRelevant(event: TableEvent): event is RelevantEvent {
  return RELEVANT.has(event.type);
}
