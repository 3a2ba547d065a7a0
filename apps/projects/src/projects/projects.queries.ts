import type { PageRequest, projects } from '@strata/contracts';
import type { Queryable } from '@strata/database';
import type { EnvironmentState } from './environment';

/** A project as its read model holds it; `version` is its stream's. */
export interface ProjectRow {
  projectId: number;
  organizationId: string;
  name: string;
  status: 'active' | 'deletion_pending';
  createdAt: string;
  version: number;
}

interface EnvironmentRecord {
  id: string;
  uuid: string;
  project_id: string;
  organization_id: string;
  name: string;
  api_token: string;
  access_control: boolean;
  settings: projects.EnvironmentSettings;
  grants: Record<string, projects.GrantLevel>;
  created_at: Date;
  version: number;
}

interface ProjectRecord {
  id: string;
  organization_id: string;
  name: string;
  status: ProjectRow['status'];
  created_at: Date;
  version: number;
}

/** Read-model rows in the decider's own shape, so one body mapper and one access check serve both. */
function toEnvironment(row: EnvironmentRecord): EnvironmentState {
  return {
    environmentId: Number(row.id),
    uuid: row.uuid,
    projectId: Number(row.project_id),
    organizationId: row.organization_id,
    name: row.name,
    apiToken: row.api_token,
    accessControl: row.access_control,
    settings: row.settings,
    grants: row.grants,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

function toProject(row: ProjectRecord): ProjectRow {
  return {
    projectId: Number(row.id),
    organizationId: row.organization_id,
    name: row.name,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export async function findEnvironment(db: Queryable, environmentId: number): Promise<EnvironmentState | null> {
  const rows = await db.query<EnvironmentRecord>('SELECT * FROM environments WHERE id = $1', [environmentId]);
  return rows.length === 0 ? null : toEnvironment(rows[0]);
}

/** The environments among `ids` that exist, in no particular order. */
export async function environmentsByIds(db: Queryable, ids: readonly number[]): Promise<EnvironmentState[]> {
  const rows = await db.query<EnvironmentRecord>('SELECT * FROM environments WHERE id = ANY($1::bigint[])', [ids]);
  return rows.map(toEnvironment);
}

export interface EnvironmentFilter {
  organizationIds: string[];
  /** `null`: any. */
  environmentIds: number[] | null;
  projectId?: number;
}

/** Candidates for a list, in id order; the caller keeps those the principal may see. */
export async function environmentsWhere(db: Queryable, filter: EnvironmentFilter): Promise<EnvironmentState[]> {
  const rows = await db.query<EnvironmentRecord>(
    `SELECT * FROM environments
      WHERE organization_id = ANY($1::uuid[])
        AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
        AND ($3::bigint IS NULL OR project_id = $3)
      ORDER BY id`,
    [filter.organizationIds, filter.environmentIds, filter.projectId ?? null],
  );
  return rows.map(toEnvironment);
}

export async function environmentsOfProjects(db: Queryable, projectIds: number[]): Promise<EnvironmentState[]> {
  const rows = await db.query<EnvironmentRecord>('SELECT * FROM environments WHERE project_id = ANY($1::bigint[]) ORDER BY id', [projectIds]);
  return rows.map(toEnvironment);
}

export async function findProject(db: Queryable, projectId: number): Promise<ProjectRow | null> {
  const rows = await db.query<ProjectRecord>('SELECT * FROM projects WHERE id = $1', [projectId]);
  return rows.length === 0 ? null : toProject(rows[0]);
}

export interface ProjectFilter {
  organizationIds: string[];
  /** `null`: any. */
  projectIds: number[] | null;
}

export async function projectsWhere(
  db: Queryable,
  filter: ProjectFilter,
  page: PageRequest,
): Promise<{ count: number; rows: ProjectRow[] }> {
  const rows = await db.query<ProjectRecord & { total: string }>(
    `SELECT *, count(*) OVER () AS total FROM projects
      WHERE organization_id = ANY($1::uuid[]) AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
      ORDER BY id LIMIT $3 OFFSET $4`,
    [filter.organizationIds, filter.projectIds, page.limit, page.offset],
  );
  const count = rows.length > 0 ? Number(rows[0].total) : await countProjects(db, filter);
  return { count, rows: rows.map(toProject) };
}

/** Only when the page is past the end: the window count came back with no row to carry it. */
async function countProjects(db: Queryable, filter: ProjectFilter): Promise<number> {
  const [row] = await db.query<{ total: string }>(
    'SELECT count(*) AS total FROM projects WHERE organization_id = ANY($1::uuid[]) AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))',
    [filter.organizationIds, filter.projectIds],
  );
  return Number(row.total);
}
