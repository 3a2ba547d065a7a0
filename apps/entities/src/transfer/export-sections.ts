import { entities, exportFormat } from '@strata/contracts';
import type { Database } from '@strata/database';
import { decodeCursor, DEFAULT_PAGE_ITEMS, encodeCursor, itemText, joined, withinBudget } from './cursor';
import { entitiesAfter, namesOf, tagsAfter, type EntityPageRow } from './export.queries';
import { renamedReferences } from './rules';

/**
 * The project-level sections of an export (SPEC §6) in the file's shapes: tags, segments (cohorts, references by
 * name) and features (flag definitions, tags by label). Strata's `environment` names the owner of an
 * environment-specific cohort or flag; one of an environment the file does not list is left out with it.
 */

type Request = entities.ExportPageRequest;
type Response = entities.ExportPageResponse;
type FlagFields = entities.KindFields<'feature_flag'>;

/** One page of rows keyed by id: the items that fit, as text, and the cursor after the last one written. */
export function pageOf<Row extends { id: string }, T>(rows: Row[], limit: number, item: (row: Row) => T): Response {
  const { taken, cut } = withinBudget(rows.map((row) => itemText(item(row))), (text) => text.bytes);
  const more = cut || rows.length === limit;
  return { items: joined(taken), next: more && taken.length > 0 ? encodeCursor({ phase: 'items', after: rows[taken.length - 1].id }) : null };
}

export function afterOf(request: Request): string | null {
  const cursor = decodeCursor(request.after);
  return cursor?.phase === 'items' ? cursor.after : null;
}

export async function tagsPage(db: Database, request: Request): Promise<Response> {
  const limit = request.limit ?? DEFAULT_PAGE_ITEMS;
  const rows = await tagsAfter(db, request.projectId, afterOf(request), limit);
  return pageOf(rows, limit, (row): exportFormat.ExportTag => ({ label: row.label, color: row.color, description: row.description, is_permanent: row.is_permanent }));
}

export async function segmentsPage(db: Database, request: Request): Promise<Response> {
  const limit = request.limit ?? DEFAULT_PAGE_ITEMS;
  const owners = ownerNames(request);
  const rows = await entitiesAfter(db, request.projectId, 'cohort', [...owners.keys()], afterOf(request), limit);
  const referenced = rows.flatMap((row) => {
    const { cohortIds, actionIds } = entities.cohortReferencesOf(row.fields.rules as entities.SegmentRule[]);
    return [...cohortIds, ...actionIds];
  });
  const names = await namesOf(db, request.projectId, [...new Set(referenced)]);
  return pageOf(rows, limit, (row) => segmentOf(row, names, owners));
}

function segmentOf(row: EntityPageRow, names: ReadonlyMap<string, string>, owners: ReadonlyMap<number, string>): exportFormat.ExportSegment {
  const rules = renamedReferences(row.fields.rules as entities.SegmentRule[], (_operator, id) => names.get(id) ?? id);
  const segment: exportFormat.ExportSegment = { name: String(row.fields.name), description: String(row.fields.description ?? ''), rules };
  return withOwner(segment, row, owners);
}

export async function featuresPage(db: Database, request: Request): Promise<Response> {
  const limit = request.limit ?? DEFAULT_PAGE_ITEMS;
  const owners = ownerNames(request);
  const rows = await entitiesAfter(db, request.projectId, 'feature_flag', [...owners.keys()], afterOf(request), limit);
  return pageOf(rows, limit, (row) => withOwner(featureOf(row.fields as FlagFields, row.tags), row, owners));
}

export function featureOf(fields: FlagFields, tags: string[]): exportFormat.ExportFeature {
  return {
    name: fields.key,
    description: fields.description ?? '',
    default_enabled: fields.default_enabled ?? false,
    initial_value: fields.initial_value ?? null,
    is_server_key_only: fields.is_server_key_only ?? false,
    tags,
    multivariate_options: (fields.multivariate_options ?? []) as exportFormat.ExportMultivariateOption[],
  };
}

/** The file's environments by id → name. */
export function ownerNames(request: Request): Map<number, string> {
  return new Map((request.environments ?? []).map((environment) => [environment.id, environment.name]));
}

function withOwner<T extends { environment?: string }>(item: T, row: { environment_id: string | null }, owners: ReadonlyMap<number, string>): T {
  if (row.environment_id === null) return item;
  return { ...item, environment: owners.get(Number(row.environment_id)) };
}
