import type { AdoptedEntity, FlagKeyCollision, ScopeChange } from '../entities/adoption';
import type { GroupTypeConflict, PropertyTypeConflict } from '../taxonomy/adoption';
import type { Acting } from './account-messages';
import type { DomainEvent } from './event';

/**
 * `POST /api/v2/projects/:target_id/adopt_environment` (SPEC §7): an environment of another project of the organization
 * joins the target project, driven by the projects service as a process across taxonomy, entities and projects. The
 * report comes first: it is the whole answer of a dry run and the body of a refusal (409).
 */

export interface AdoptEnvironmentRequest extends Acting {
  targetProjectId: number;
  environmentId: number;
  acceptGroupTypeDisruption: boolean;
  dryRun: boolean;
}

/** Why an adoption is refused (each listed in `refused_because`, their details under `conflicts`). */
export type AdoptionRefusal = 'group_type_disruption' | 'no_free_group_type_index' | 'flag_key_collision';

export interface AdoptionReport {
  /** `planned`: a dry run that would go ahead; `refused`: it would not (409); `completed`: done. */
  status: 'planned' | 'refused' | 'completed';
  /** Set once the adoption started. */
  adoption_id: string | null;
  environment: { id: number; name: string; name_in_target: string };
  source_project: { id: number; name: string; /** Emptied by the move, so deleted with it. */ deleted: boolean };
  target_project: { id: number; name: string };
  refused_because: AdoptionRefusal[];
  conflicts: {
    group_types: GroupTypeConflict[];
    flag_keys: FlagKeyCollision[];
    /** Not a refusal: the target's type wins. */
    property_types: PropertyTypeConflict[];
  };
  /** The source's project-wide entities, which come along as the environment's own (copies, `new_id` once done). */
  scope_changes: ScopeChange[];
  /** The environment's own entities: same ids, same scope, in the target. */
  moved_entities: AdoptedEntity[];
  taxonomy: {
    /** Each source group type → its index in the target: where the environment's events land from now on. */
    group_type_mapping: Record<string, number>;
    group_types_added: { group_type: string; group_type_index: number }[];
    event_definitions_added: number;
    property_definitions_added: number;
  };
  tags_created: string[];
}

export type AdoptEnvironmentResponse = AdoptionReport;

/** The process's steps across services, in order; the last (the move in projects) ends it. */
export const ADOPTION_STEPS = ['taxonomy', 'entities'] as const;
export type AdoptionStep = (typeof ADOPTION_STEPS)[number];

export interface AdoptionStarted {
  adoptionId: string;
  environmentId: number;
  sourceProjectId: number;
  targetProjectId: number;
  acceptGroupTypeDisruption: boolean;
  /** The environment's name in the target (renamed on arrival when the target has one of that name). */
  name: string;
  report: AdoptionReport;
  startedAt: string;
}

/**
 * The process of one environment's adoption, stream `environment-adoption-<environmentId>`: one at a time per
 * environment; a process found started and not ended (its driver died) is resumed from its last recorded step.
 */
export type EnvironmentAdoptionStarted = DomainEvent<'EnvironmentAdoptionStarted', AdoptionStarted>;
export type EnvironmentAdoptionStepDone = DomainEvent<
  'EnvironmentAdoptionStepDone',
  { adoptionId: string; environmentId: number; step: AdoptionStep; report: AdoptionReport; at: string }
>;
/** Appended with the move itself (`EnvironmentMovedOut` / `EnvironmentMovedIn`): the environment is never in two projects or none. */
export type EnvironmentAdoptionCompleted = DomainEvent<
  'EnvironmentAdoptionCompleted',
  { adoptionId: string; environmentId: number; report: AdoptionReport; completedAt: string }
>;
/** A step was refused (what was decided after the report changed meanwhile); the steps before it stay done. */
export type EnvironmentAdoptionFailed = DomainEvent<
  'EnvironmentAdoptionFailed',
  { adoptionId: string; environmentId: number; step: AdoptionStep | 'projects'; code: string; detail: string; failedAt: string }
>;

export type AdoptionEvent = EnvironmentAdoptionStarted | EnvironmentAdoptionStepDone | EnvironmentAdoptionCompleted | EnvironmentAdoptionFailed;
