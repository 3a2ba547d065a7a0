import { z } from 'zod';
import { integerIdSchema } from '../common/schemas';
import type { EntityKind } from './kinds';

/**
 * How the entities service takes part in moving an environment into another project (SPEC §7). `plan` reports, `move`
 * does it in one atomic append, at most once per adoption id (a resumed adoption is answered what was done):
 * - the environment's own entities, flag states, rollout groups and identity overrides join the target project with
 *   their ids (`EntityMovedToProject`, and the states re-recorded with the target's project id);
 * - the source project's project-wide entities come along as copies owned by the moved environment (new ids, every
 *   reference between them and from the environment's own entities pointing at the copies), with the moved
 *   environment's states, rollout groups (the project-scoped ones become the environment's) and identity overrides of
 *   the copied flags; the originals stay in the source for its other environments (or go with it when it is deleted);
 * - tags are matched by label in the target (case-insensitive) and created there when missing.
 * A flag key visible from the environment that the target already uses (case-insensitive) is a collision: refused.
 */
export const EntitiesAdoptionSubjects = {
  plan: 'entities.adoption.plan',
  move: 'entities.adoption.move',
} as const;

export interface EntitiesAdoptionRequest {
  environmentId: number;
  sourceProjectId: number;
  targetProjectId: number;
}

export interface MoveEntitiesRequest extends EntitiesAdoptionRequest {
  adoptionId: string;
}

export interface FlagKeyCollision {
  key: string;
  source_flag_id: string;
  target_flag_id: string;
}

export interface AdoptedEntity {
  kind: EntityKind;
  /** The entity's id in the source. */
  id: string;
  name: string;
}

/** A source project-wide entity that becomes the moved environment's own, under a new id. */
export interface ScopeChange extends AdoptedEntity {
  from: 'project';
  to: 'environment';
  /** The copy's id, once moved (a plan names none). */
  new_id?: string;
}

export interface EntitiesAdoptionReport {
  flag_keys: FlagKeyCollision[];
  scope_changes: ScopeChange[];
  /** The environment's own entities: same id, same scope, now in the target. */
  moved: AdoptedEntity[];
  /** Tags the moved entities carry that the target lacks (created there by the move). */
  tags_created: string[];
}

export interface EntitiesAdoptionRpc {
  'entities.adoption.plan': { request: EntitiesAdoptionRequest; response: EntitiesAdoptionReport };
  'entities.adoption.move': { request: MoveEntitiesRequest; response: EntitiesAdoptionReport };
}

const request = { environmentId: integerIdSchema, sourceProjectId: integerIdSchema, targetProjectId: integerIdSchema };
const distinct = (value: EntitiesAdoptionRequest) => value.sourceProjectId !== value.targetProjectId;
const notSame = { message: 'The projects must differ.', path: ['targetProjectId'] };

export const EntitiesAdoptionMessageSchemas = {
  [EntitiesAdoptionSubjects.plan]: z.object(request).refine(distinct, notSame),
  [EntitiesAdoptionSubjects.move]: z.object({ ...request, adoptionId: z.string().min(1).max(200) }).refine(distinct, notSame),
} as const;
