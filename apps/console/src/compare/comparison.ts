import { COMPARED_FIELDS, ENTITY_KINDS } from '@strata/contracts/entities';
import type { ComparedField, ComparedFlag, ComparedState, OwnEntity } from '../api/types';
import { valueText } from '../flags/values';

/** The compare view's own logic: what each compared field reads as, which rows show, and what a copy sends. */

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One field of a flag's state in one environment, in words. */
export function fieldText(field: ComparedField, state: ComparedState): string {
  switch (field) {
    case 'enabled':
      return state.enabled ? 'On' : 'Off';
    case 'feature_state_value': {
      const text = valueText(state.feature_state_value);
      return text === '' ? 'no value' : `value ${text}`;
    }
    case 'multivariate_feature_state_values':
      return state.multivariate_feature_state_values.length === 0
        ? 'no allocations'
        : `allocations ${[...state.multivariate_feature_state_values].sort((a, b) => a.multivariate_feature_option - b.multivariate_feature_option).map((value) => `${value.percentage_allocation}%`).join(' / ')}`;
    case 'segment_overrides':
      return count(state.segment_overrides.length, 'rollout group', 'rollout groups');
    case 'identity_overrides_count':
      return count(state.identity_overrides_count, 'identity override', 'identity overrides');
    default: {
      const _exhaustive: never = field;
      return _exhaustive;
    }
  }
}

/** Every compared field of a state, in the API's order, each marked when it differs. */
export const stateFields = (flag: ComparedFlag, side: 'base' | 'head') =>
  COMPARED_FIELDS.map((field) => ({ field, text: fieldText(field, flag[side]), differs: flag.differs.includes(field) }));

export const visibleFlags = (flags: ComparedFlag[], onlyDifferences: boolean) => (onlyDifferences ? flags.filter((flag) => flag.differs.length > 0) : flags);

/** What is copied: every flag both environments see (the API's default), or the ones picked. */
export type Selection = { all: true } | { all: false; ids: string[] };

export function toggled(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id];
}

export interface CopyOptions {
  copyCohorts: boolean;
  includeIdentityOverrides: boolean;
}

/** The body of `POST …/copy_flag_states`: `flag_ids` only for a pick (without it the API copies all), a dry run first. */
export function copyRequest(from: number, to: number, selection: Selection, options: CopyOptions, dryRun: boolean) {
  return {
    from_environment_id: from,
    to_environment_id: to,
    ...(selection.all ? {} : { flag_ids: selection.ids }),
    include_identity_overrides: options.includeIdentityOverrides,
    copy_cohorts: options.copyCohorts,
    dry_run: dryRun,
  };
}

/** An environment's own entities grouped by kind, in the order of SPEC §4.4's kinds, each group in the API's order. */
export function ownEntityGroups(entities: OwnEntity[]): { kind: OwnEntity['kind']; entities: OwnEntity[] }[] {
  return ENTITY_KINDS.map((kind) => ({ kind, entities: entities.filter((entity) => entity.kind === kind) })).filter((group) => group.entities.length > 0);
}
