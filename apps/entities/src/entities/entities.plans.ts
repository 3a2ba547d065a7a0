import { ValidationError, entities } from '@strata/contracts';
import { referencesOf } from '@strata/rules';
import { onNewStream, onStream, uuidv7, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { entityStream } from '../common/streams';
import { tagCommands } from '../tags/tag-commands';
import { entityDecider, type EntityCommand, type EntityState, type Seen } from './entity';
import { assertReferencesVisible, deletionBlockers, demotionBlockers, inUse, promotionOf } from './graph';
import { graphGuard } from './graph-stream';
import { holdersOf, reachableFrom, stateOf, type EntityRow, type ReachedNode } from './entities.queries';

/**
 * The plans of the commands that touch the graph (SPEC §4.4): each reads the project's graph version first, then the
 * read model, decides with the pure rules of `graph.ts`, and names every stream it appends to — the graph's among
 * them, so two such decisions in one project never both stand on a graph the other changed. What a decision knows of
 * the entities it references or promotes comes from one read (`referenced`, `reachableFrom`), rows and pins included:
 * nothing later in the decision reads them again, so a reference that vanishes meanwhile is never met as a missing
 * entity (404) — the append conflicts, and the decision made again reports it as `invalid_reference`.
 */

type Plan = StreamCommand<unknown, entities.EntitiesEvent>[];

export interface NewEntity {
  from: Seen;
  fields: entities.KindFields;
  tags: string[];
  isProjectWide: boolean;
}

/** A new entity, and — when it is project-wide — the promotion of what it references in its environment. */
export async function planCreation(store: PostgresEventStore, request: NewEntity, id = uuidv7()): Promise<Plan> {
  const { from, fields, tags, isProjectWide } = request;
  const guard = await graphGuard(store, from.projectId);
  const references = referencesOf(from.kind, fields);
  const reached = await referenced(store, from, references);
  const promoted = isProjectWide ? promotionOf(idsOf(references), reached) : [];
  const at = now();
  const entity: entities.EntitySnapshot = {
    id, kind: from.kind, projectId: from.projectId, environmentId: isProjectWide ? null : from.environmentId,
    fields, tags, references, createdAt: at, updatedAt: at,
  };
  const created = onNewStream(entityDecider, entityStream(id), { type: 'CreateEntity', data: { entity } });
  const plan = [created, ...promotions(promoted, from, at), ...(await tagCommands(store.db, from.projectId, tags))];
  // An environment's own entity that references nothing cannot break the graph: it need not queue behind other decisions.
  return references.length === 0 && !isProjectWide ? plan : [...plan, guard([id, ...promoted.map((n) => n.id)])];
}

export interface EntityChange {
  from: Seen;
  current: EntityRow;
  changes: Partial<entities.KindFields>;
  tags?: string[];
  isProjectWide?: boolean;
  ifMatch?: number;
  /** A restore (SPEC §10): the version whose fields these are; `changes` then holds every field, absent ones as `undefined`. */
  restoredFrom?: number;
}

/**
 * An edit. When it changes what the entity references, or its scope, it is a graph decision: a project-wide entity
 * that comes to reference an environment-specific one of this environment promotes it too (and what that reaches).
 */
export async function planUpdate(store: PostgresEventStore, change: EntityChange): Promise<Plan> {
  const { from, current } = change;
  const guard = await graphGuard(store, from.projectId);
  const fields = wholeFields(from.kind, { ...current.fields, ...change.changes });
  const tags = change.tags ?? current.tags;
  const references = referencesOf(from.kind, fields);
  const projectWide = change.isProjectWide ?? current.environment_id === null;
  const at = now();
  const commands: EntityCommand[] = [{ type: 'UpdateEntity', data: { from, fields, tags, references, at, restoredFrom: change.restoredFrom } }];
  const tagging = await tagCommands(store.db, from.projectId, tags);
  // Decided on `current`, read before the graph version: pinned to its version, a row another decision has changed
  // since conflicts (and the edit is planned again), rather than being merged over the entity's newer state.
  const pin = { state: stateOf(current), version: current.version };
  const entity = () => onStream(entityDecider, entityStream(current.id), commands, { expectedVersion: change.ifMatch, from: pin });
  if (!changesGraph(current, references, projectWide)) return [entity(), ...tagging];
  const reached = await referenced(store, from, references);
  assertNoCycle(from, current.id, references, reached);
  const promoted = projectWide ? promotionOf(idsOf(references), reached).filter((node) => node.id !== current.id) : [];
  if (projectWide && current.environment_id !== null) commands.push({ type: 'MakeProjectWide', data: { from, at } });
  if (!projectWide && current.environment_id === null) {
    await assertDemotable(store, from, current.id);
    commands.push({ type: 'MakeEnvironmentSpecific', data: { from, at } });
  }
  return [entity(), ...promotions(promoted, from, at), ...tagging, guard([current.id, ...promoted.map((n) => n.id)])];
}

/** `make_project_wide`: the entity and every environment-specific entity it reaches. */
export async function planPromotion(store: PostgresEventStore, from: Seen, id: string): Promise<{ plan: Plan; promoted: ReachedNode[] }> {
  const guard = await graphGuard(store, from.projectId);
  const promoted = promotionOf([id], await reachableFrom(store.db, from.projectId, [id]));
  return { plan: [...promotions(promoted, from, now()), guard(promoted.map((n) => n.id))], promoted };
}

/** `make_environment_specific`: refused (409 `in_use`) while anything outside the environment holds on to it. */
export async function planDemotion(store: PostgresEventStore, from: Seen, id: string): Promise<Plan> {
  const guard = await graphGuard(store, from.projectId);
  return [await demotion(store, from, id), guard([id])];
}

/** Deletion: refused (409 `in_use`) while another entity holds on to it. */
export async function planDeletion(store: PostgresEventStore, from: Seen, id: string, ifMatch?: number): Promise<Plan> {
  const guard = await graphGuard(store, from.projectId);
  const blockers = deletionBlockers(await holdersOf(store.db, id));
  if (blockers.length > 0) throw inUse('deleted', blockers);
  return [onStream(entityDecider, entityStream(id), { type: 'DeleteEntity', data: { from, at: now() } }, { expectedVersion: ifMatch }), guard([id])];
}

/** A cohort may not reach itself through `IN_COHORT` (SPEC §4.4): evaluation would never end. */
function assertNoCycle(from: Seen, id: string, references: entities.EntityReference[], reached: ReadonlyMap<string, unknown>): void {
  if (reached.has(id)) {
    throw new ValidationError(`This ${from.kind.replace(/_/g, ' ')} would reach itself through its references.`, references[0].field, 'cycle');
  }
}

async function demotion(store: PostgresEventStore, from: Seen, id: string): Promise<StreamCommand<EntityState, entities.EntityEvent>> {
  await assertDemotable(store, from, id);
  return onStream(entityDecider, entityStream(id), { type: 'MakeEnvironmentSpecific', data: { from, at: now() } });
}

async function assertDemotable(store: PostgresEventStore, from: Seen, id: string): Promise<void> {
  const blockers = demotionBlockers(await holdersOf(store.db, id), from.environmentId);
  if (blockers.length > 0) throw inUse('made environment-specific', blockers);
}

/**
 * The one place a decision loads what its references name, and everything that reaches — one read, whose nodes carry
 * the rows the promoted are pinned at. A reference that is absent, of another kind or not visible from the environment
 * is a 400 `invalid_reference` naming its field (never a 404), whichever attempt of the decision meets it.
 */
async function referenced(store: PostgresEventStore, from: Seen, references: entities.EntityReference[]): Promise<Map<string, ReachedNode>> {
  const reached = await reachableFrom(store.db, from.projectId, idsOf(references));
  assertReferencesVisible(references, reached, from.environmentId);
  return reached;
}

/** Each promoted entity's stream pinned to its row as the decision read it (changed since: the append conflicts). */
function promotions(nodes: readonly ReachedNode[], from: Seen, at: string): Plan {
  return nodes.map(({ kind, row }) => {
    const command: EntityCommand = { type: 'MakeProjectWide', data: { from: { ...from, kind }, at } };
    return onStream(entityDecider, entityStream(row.id), command, { from: { state: stateOf(row), version: row.version } });
  });
}

function idsOf(references: readonly entities.EntityReference[]): string[] {
  return references.map((reference) => reference.id);
}

function changesGraph(current: EntityRow, references: entities.EntityReference[], projectWide: boolean): boolean {
  if (projectWide !== (current.environment_id === null)) return true;
  const before = referencesOf(current.kind, current.fields);
  return JSON.stringify(before) !== JSON.stringify(references);
}

/** The merged fields of an edit must still make a whole body of the kind (a required field cannot be cleared). */
export function wholeFields(kind: entities.EntityKind, fields: Record<string, unknown>): entities.KindFields {
  const parsed = entities.kindSchemas[kind].safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ValidationError(issue.message, issue.path.join('.') || null);
}
