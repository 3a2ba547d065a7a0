import { z } from 'zod';
import { integerIdSchema } from '../common/schemas';
import type { PropertyKind, PropertyType } from './property-types';

/**
 * How taxonomy takes part in moving an environment into another project (SPEC §7): `plan` reports what merging the
 * source project's taxonomy into the target's would do, `merge` does it. Merging is idempotent (a resumed adoption
 * may merge twice: the second changes nothing) and never removes anything from either project.
 *
 * Group types: a source type the target has at the same index merges silently; a type the target lacks whose index is
 * free there is added at that index. A conflict is the same type at another index in the target (`different_index`),
 * or the source's index held by another type there (`index_taken`: the type is added at the target's next free index);
 * both move the moved environment's future events to the target's index, so they are refused unless accepted. A type
 * that finds no free index (`no_free_index`) is refused even when accepted. Definitions: the target's wins where both
 * have one (description, verified, tags and property type); property types that differ are listed.
 *
 * A refused merge is 409 with the report as `report` in the error body: `group_type_disruption` (not accepted) or
 * `no_free_group_type_index`. A resumed adoption passes the same `acceptGroupTypeDisruption`: after an accepted merge a
 * displaced type sits at another index in the target, so it is reported again as `different_index`. A target whose
 * taxonomy was removed is 404; a source whose taxonomy was removed has nothing left to merge.
 */
export const TaxonomyAdoptionSubjects = {
  plan: 'taxonomy.adoption.plan',
  merge: 'taxonomy.adoption.merge',
} as const;

export interface TaxonomyAdoptionRequest {
  sourceProjectId: number;
  targetProjectId: number;
}

export interface MergeTaxonomyRequest extends TaxonomyAdoptionRequest {
  /** Merge even with `different_index` / `index_taken` conflicts (never with `no_free_index`). */
  acceptGroupTypeDisruption: boolean;
}

export interface GroupTypeConflict {
  group_type: string;
  source_index: number;
  /** Where the type is (or would be) in the target; `null` for `no_free_index`. */
  target_index: number | null;
  reason: 'different_index' | 'index_taken' | 'no_free_index';
}

export interface PropertyTypeConflict {
  name: string;
  type: PropertyKind;
  /** The target's index, for group properties. */
  group_type_index?: number;
  source_property_type: PropertyType;
  /** What stays: the target's type wins. */
  target_property_type: PropertyType;
}

export interface TaxonomyAdoptionReport {
  group_types: {
    conflicts: GroupTypeConflict[];
    /** Source types the target gains, at their target index. */
    added: { group_type: string; group_type_index: number }[];
    /** Every source type → its index in the target after the merge (absent for `no_free_index`). */
    mapping: Record<string, number>;
  };
  property_types: PropertyTypeConflict[];
  /** Definitions the target gains (those it already has are kept as they are). */
  event_definitions_added: number;
  property_definitions_added: number;
}

export interface TaxonomyAdoptionRpc {
  'taxonomy.adoption.plan': { request: TaxonomyAdoptionRequest; response: TaxonomyAdoptionReport };
  'taxonomy.adoption.merge': { request: MergeTaxonomyRequest; response: TaxonomyAdoptionReport };
}

const projects = { sourceProjectId: integerIdSchema, targetProjectId: integerIdSchema };
const distinct = (request: TaxonomyAdoptionRequest) => request.sourceProjectId !== request.targetProjectId;

export const TaxonomyAdoptionMessageSchemas = {
  [TaxonomyAdoptionSubjects.plan]: z.object(projects).refine(distinct, { message: 'The projects must differ.', path: ['targetProjectId'] }),
  [TaxonomyAdoptionSubjects.merge]: z
    .object({ ...projects, acceptGroupTypeDisruption: z.boolean() })
    .refine(distinct, { message: 'The projects must differ.', path: ['targetProjectId'] }),
} as const;
