import { projects, textPage, type PageRequest, type TextPage } from '@strata/contracts';
import type { Queryable } from '@strata/database';

type Level = projects.OrganizationLevel;

interface UserRecord {
  id: string;
  email: string;
  first_name: string;
  created_at: Date;
}

interface OrganizationRecord {
  id: string;
  name: string;
  created_at: Date;
  version: number;
}

export function userBody(row: UserRecord): projects.User {
  return { id: row.id, email: row.email, first_name: row.first_name, created_at: row.created_at.toISOString() };
}

export function organizationBody(row: OrganizationRecord): projects.Organization {
  return { id: row.id, name: row.name, created_at: row.created_at.toISOString() };
}

export async function findUser(db: Queryable, userId: string): Promise<projects.User | null> {
  const rows = await db.query<UserRecord>('SELECT * FROM users WHERE id = $1', [userId]);
  return rows.length === 0 ? null : userBody(rows[0]);
}

/** Emails are unique case-insensitively (the `users_email_unique` index). */
export async function findUserByEmail(db: Queryable, email: string): Promise<projects.User | null> {
  const rows = await db.query<UserRecord>('SELECT * FROM users WHERE lower(email) = lower($1)', [email.trim()]);
  return rows.length === 0 ? null : userBody(rows[0]);
}

export async function findOrganization(db: Queryable, organizationId: string): Promise<(projects.Organization & { version: number }) | null> {
  const rows = await db.query<OrganizationRecord>('SELECT * FROM organizations WHERE id = $1', [organizationId]);
  return rows.length === 0 ? null : { ...organizationBody(rows[0]), version: rows[0].version };
}

export async function levelIn(db: Queryable, organizationId: string, userId: string): Promise<Level | null> {
  const rows = await db.query<{ level: Level }>('SELECT level FROM members WHERE organization_id = $1 AND user_id = $2', [organizationId, userId]);
  return rows[0]?.level ?? null;
}

export async function organizationsOf(db: Queryable, userId: string): Promise<(projects.Organization & { level: Level })[]> {
  const rows = await db.query<OrganizationRecord & { level: Level }>(
    `SELECT o.*, m.level FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY o.created_at, o.id`,
    [userId],
  );
  return rows.map((row) => ({ ...organizationBody(row), level: row.level }));
}

interface MemberRecord extends UserRecord {
  level: Level;
  joined_at: Date;
  total: string;
}

function memberBody(row: MemberRecord): projects.Member {
  return { user: userBody(row), level: row.level, joined_at: row.joined_at.toISOString() };
}

const MEMBERS = `SELECT u.*, m.level, m.joined_at, count(*) OVER () AS total
                   FROM members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1`;

export async function membersOf(db: Queryable, organizationId: string, page: PageRequest): Promise<TextPage<projects.Member>> {
  const rows = await db.query<MemberRecord>(`${MEMBERS} ORDER BY m.joined_at, u.id LIMIT $2 OFFSET $3`, [organizationId, page.limit, page.offset]);
  const count = rows.length > 0 ? Number(rows[0].total) : await countMembers(db, organizationId);
  return textPage(count, rows.map(memberBody));
}

async function countMembers(db: Queryable, organizationId: string): Promise<number> {
  const [row] = await db.query<{ total: string }>('SELECT count(*) AS total FROM members WHERE organization_id = $1', [organizationId]);
  return Number(row.total);
}

export async function findMember(db: Queryable, organizationId: string, userId: string): Promise<projects.Member | null> {
  const rows = await db.query<MemberRecord>(`${MEMBERS} AND m.user_id = $2`, [organizationId, userId]);
  return rows.length === 0 ? null : memberBody(rows[0]);
}

/** What authentication needs of a key that still works: revoked keys are not found. */
export interface ActiveKey {
  keyId: string;
  userId: string;
  scopedOrganizations: string[] | null;
  scopedEnvironments: number[] | null;
}

export async function findActiveKey(db: Queryable, secretHash: string): Promise<ActiveKey | null> {
  const rows = await db.query<{ id: string; user_id: string; scoped_organizations: string[] | null; scoped_environments: string[] | null }>(
    'SELECT id, user_id, scoped_organizations, scoped_environments FROM personal_api_keys WHERE secret_hash = $1 AND revoked_at IS NULL',
    [secretHash],
  );
  if (rows.length === 0) return null;
  const [row] = rows;
  const scopedEnvironments = row.scoped_environments === null ? null : row.scoped_environments.map(Number);
  return { keyId: row.id, userId: row.user_id, scopedOrganizations: row.scoped_organizations, scopedEnvironments };
}

interface ApiKeyRecord {
  id: string;
  label: string;
  visible_prefix: string;
  scoped_organizations: string[] | null;
  scoped_environments: string[] | null;
  created_at: Date;
}

/** A user's keys that still work, oldest first: what identifies each, never its hash. */
export async function activeKeysOf(db: Queryable, userId: string): Promise<projects.PersonalApiKey[]> {
  const rows = await db.query<ApiKeyRecord>(
    `SELECT id, label, visible_prefix, scoped_organizations, scoped_environments, created_at
       FROM personal_api_keys WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    visible_prefix: row.visible_prefix,
    scoped_organizations: row.scoped_organizations,
    scoped_environments: row.scoped_environments === null ? null : row.scoped_environments.map(Number),
    created_at: row.created_at.toISOString(),
  }));
}

export async function levelsOf(db: Queryable, userId: string): Promise<Record<string, Level>> {
  const rows = await db.query<{ organization_id: string; level: Level }>('SELECT organization_id, level FROM members WHERE user_id = $1', [userId]);
  return Object.fromEntries(rows.map((row) => [row.organization_id, row.level]));
}

/** Scoped environments that still exist, with where they live; deleted ones drop out (and with them, access). */
export async function resolveEnvironments(db: Queryable, environmentIds: number[]): Promise<projects.ScopedEnvironment[]> {
  const rows = await db.query<{ id: string; project_id: string; organization_id: string }>(
    'SELECT id, project_id, organization_id FROM environments WHERE id = ANY($1::bigint[]) ORDER BY id',
    [environmentIds],
  );
  return rows.map((row) => ({ environmentId: Number(row.id), projectId: Number(row.project_id), organizationId: row.organization_id }));
}
