import { z } from 'zod';

/** Organization membership levels (SPEC §1); the numbers are the wire values. */
export const Levels = {
  member: 1,
  admin: 8,
  owner: 15,
} as const;

export type OrganizationLevel = (typeof Levels)[keyof typeof Levels];

/** An explicit grant on a restricted environment: member or admin, never owner. */
export type GrantLevel = typeof Levels.member | typeof Levels.admin;

export const ORGANIZATION_LEVELS: readonly OrganizationLevel[] = [Levels.member, Levels.admin, Levels.owner];
export const GRANT_LEVELS: readonly GrantLevel[] = [Levels.member, Levels.admin];

export function isOrganizationLevel(value: unknown): value is OrganizationLevel {
  return ORGANIZATION_LEVELS.includes(value as OrganizationLevel);
}

export function isGrantLevel(value: unknown): value is GrantLevel {
  return GRANT_LEVELS.includes(value as GrantLevel);
}

export const organizationLevelSchema = z.union([z.literal(Levels.member), z.literal(Levels.admin), z.literal(Levels.owner)]).meta({
  description: 'member 1, admin 8, owner 15',
});
export const grantLevelSchema = z.union([z.literal(Levels.member), z.literal(Levels.admin)]).meta({ description: 'member 1, admin 8' });
