import { ConflictError, ValidationError, type entities } from '@strata/contracts';

/**
 * The rules of who may reference whom (SPEC §4.4), pure, over the part of a project's graph a decision loads. The
 * invariants: an entity references only entities visible from its environment (project-wide ones from every
 * environment), so no project-wide entity ever depends on an environment-specific one. Every decision that changes
 * references or scopes is appended against the project's graph version, so the part it loaded cannot have changed.
 */

export interface GraphNode {
  id: string;
  kind: entities.EntityKind;
  /** `null` when project-wide. */
  environmentId: number | null;
  references: entities.EntityReference[];
}

/** Something holding on to an entity, and where it lives (`null`: project-wide, or a project's rollout group). */
export interface Holder {
  dependent: entities.Dependent;
  environmentId: number | null;
}

/**
 * Each reference names an entity of the right kind that the referencing entity will see: one of its own environment
 * or a project-wide one — or, for an entity that is (or becomes) project-wide, one that is promoted with it.
 * A broken reference is a 400 naming its field; a reference to something invisible is reported alike (never "exists").
 */
export function assertReferencesVisible(references: readonly entities.EntityReference[], targets: ReadonlyMap<string, GraphNode>, environmentId: number): void {
  for (const reference of references) {
    const target = targets.get(reference.id);
    if (target === undefined || target.kind !== reference.kind || (target.environmentId !== null && target.environmentId !== environmentId)) {
      throw new ValidationError(`No ${reference.kind.replace(/_/g, ' ')} ${reference.id} is visible from this environment.`, reference.field, 'invalid_reference');
    }
  }
}

/**
 * What making `roots` project-wide promotes: every environment-specific entity they reach through references,
 * themselves included. `nodes` holds everything reachable (loaded by the caller); a missing node is a broken graph.
 */
export function promotionOf<Node extends GraphNode>(roots: readonly string[], nodes: ReadonlyMap<string, Node>): Node[] {
  const promoted = new Map<string, Node>();
  const queue = [...roots];
  while (queue.length > 0) {
    const node = nodes.get(queue.shift()!);
    if (node === undefined || node.environmentId === null || promoted.has(node.id)) continue;
    promoted.set(node.id, node);
    queue.push(...node.references.map((reference) => reference.id));
  }
  return [...promoted.values()];
}

/**
 * Demotion to `environmentId` is refused while anything outside it holds on to the entity: a project-wide entity, an
 * entity of another environment, another environment's flag state or rollout group, a project rollout group.
 */
export function demotionBlockers(holders: readonly Holder[], environmentId: number): entities.Dependent[] {
  return unique(holders.filter((holder) => holder.environmentId !== environmentId).map((holder) => holder.dependent));
}

/** Deletion is refused while another entity holds on to it (a flag's own states go with the flag). */
export function deletionBlockers(holders: readonly Holder[]): entities.Dependent[] {
  return unique(holders.filter((holder) => holder.dependent.kind !== 'environment').map((holder) => holder.dependent));
}

/** 409 `in_use` with the blocking dependents (SPEC §4.4). */
export function inUse(action: 'made environment-specific' | 'deleted', dependents: entities.Dependent[]): ConflictError {
  return new ConflictError(`It cannot be ${action} while others depend on it.`, 'in_use', null, { dependents });
}

function unique(dependents: entities.Dependent[]): entities.Dependent[] {
  const seen = new Set<string>();
  return dependents.filter((dependent) => {
    const key = `${dependent.kind}:${dependent.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
