import type { entities, exportFormat } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import type { Database } from '@strata/database';
import { decodeCursor, DEFAULT_PAGE_ITEMS, encodeCursor, itemText, joined, withinBudget, type ItemText } from './cursor';
import { flagStatesAfter, identityOverridesAfter, namesOf, type FlagStateRow } from './export.queries';
import { afterOf } from './export-sections';

/**
 * One environment's lists (SPEC §6): a `feature_states` entry for every flag it sees — a state never set is written
 * as what it is, the definition's defaults (`default_enabled`, `initial_value`, the options' allocations), so the
 * file says what the environment serves — and its rollout groups; the project-scoped ones are written once, under
 * the file's first environment, with `scope: 'project'`. Identity overrides follow the states, when asked.
 */

type Request = entities.ExportPageRequest;
type EnvironmentPart = NonNullable<entities.ExportPageResponse['environment']>;
type FlagFields = entities.KindFields<'feature_flag'>;

/** A flag's entries, as text: its state and its rollout groups. */
interface FlagEntries {
  state: ItemText;
  groups: ItemText[];
  bytes: number;
}

export async function environmentPage(db: Database, request: Request): Promise<entities.ExportPageResponse> {
  const cursor = decodeCursor(request.after);
  if (cursor?.phase === 'identities') return identitiesPage(db, request, cursor.after);
  const environment = request.environment as { id: number; name: string };
  const limit = request.limit ?? DEFAULT_PAGE_ITEMS;
  const rows = await flagStatesAfter(db, request.projectId, environment.id, afterOf(request), limit);
  const first = request.environments?.[0]?.id === environment.id;
  const names = await namesOf(db, request.projectId, [...new Set(rows.flatMap((row) => groupsOf(row, first).map((group) => group.segment_id)))]);
  const { taken, cut } = withinBudget(rows.map((row) => entriesOf(row, first, names)), (entries) => entries.bytes);
  const part: EnvironmentPart = { feature_states: joined(taken.map((entry) => entry.state)), feature_segments: joined(taken.flatMap((entry) => entry.groups)) };
  if (request.includeIdentityOverrides) part.identity_overrides = '';
  if (cut || rows.length === limit) return { environment: part, next: encodeCursor({ phase: 'items', after: rows[taken.length - 1].id }) };
  return { environment: part, next: request.includeIdentityOverrides ? encodeCursor({ phase: 'identities', after: null }) : null };
}

/** The environment's own groups, and the project's of a project-wide flag in the first environment; by priority. */
function groupsOf(row: FlagStateRow, first: boolean): entities.SegmentOverride[] {
  const project = first && row.environment_id === null ? (row.project_overrides ?? []) : [];
  return [...(row.segment_overrides ?? []), ...project].sort((a, b) => a.priority - b.priority);
}

function entriesOf(row: FlagStateRow, first: boolean, names: ReadonlyMap<string, string>): FlagEntries {
  const fields = row.fields as FlagFields;
  const state =
    row.state_version === null
      ? flagDefaults(fields)
      : { enabled: row.enabled ?? false, featureStateValue: row.feature_state_value, multivariateValues: row.multivariate_values ?? [] };
  const groups = groupsOf(row, first).map(
    (group): exportFormat.ExportFeatureSegment => ({
      feature: fields.key,
      segment: names.get(group.segment_id) ?? group.segment_id,
      priority: group.priority,
      feature_state: { enabled: group.enabled, feature_state_value: group.feature_state_value ?? null, multivariate_feature_state_values: group.multivariate_feature_state_values ?? [] },
      ...(group.scope === 'project' ? { scope: 'project' as const } : {}),
    }),
  );
  const texts = { state: itemText({ feature: fields.key, enabled: state.enabled, feature_state_value: state.featureStateValue, multivariate_feature_state_values: state.multivariateValues }), groups: groups.map(itemText) };
  return { ...texts, bytes: texts.groups.reduce((sum, group) => sum + group.bytes + 1, texts.state.bytes) };
}

async function identitiesPage(db: Database, request: Request, after: { flag: string; identifier: string } | null): Promise<entities.ExportPageResponse> {
  const environment = request.environment as { id: number; name: string };
  const limit = request.limit ?? DEFAULT_PAGE_ITEMS * 5;
  const rows = await identityOverridesAfter(db, request.projectId, environment.id, after, limit);
  const { taken, cut } = withinBudget(
    rows.map((row) => itemText({ identifier: row.identifier, feature: row.flag_key, enabled: row.enabled, feature_state_value: row.feature_state_value } satisfies exportFormat.ExportIdentityOverride)),
    (text) => text.bytes,
  );
  const last = rows[taken.length - 1];
  const next = (cut || rows.length === limit) && last ? encodeCursor({ phase: 'identities', after: { flag: last.flag_id, identifier: last.identifier } }) : null;
  return { environment: { feature_states: '', feature_segments: '', identity_overrides: joined(taken) }, next };
}
