import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../http/pagination';
import { environmentSettingsShape } from './bodies';

/**
 * Request bodies and queries of SPEC §4.1–§4.2, validated at the edge. Every object is strict: a misspelt field is a
 * 400 naming it, never silently ignored. Rules that need state or domain knowledge (unique names, time zones, URL
 * patterns) are the projects service's to check.
 */

const id = z.guid();
const environmentId = z.number().int().positive();
const name = z.string().trim().min(1).max(200);
const organizationLevel = z.union([z.literal(1), z.literal(8), z.literal(15)]);
const grantLevel = z.union([z.literal(1), z.literal(8)]);

export const pageShape = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).default(0),
};
export const pageQuery = z.strictObject(pageShape);

export const projectsQuery = z.strictObject({
  ...pageShape,
  organization_id: id.optional().meta({ description: 'only this organization’s projects' }),
});

export const signupRequest = z.strictObject({
  email: z.email().max(254),
  first_name: z.string().max(150).optional(),
  organization_name: name,
  project_name: name.optional(),
});

export const addMemberRequest = z.strictObject({ email: z.email().max(254), level: organizationLevel });

export const updateMemberRequest = z.strictObject({ level: organizationLevel });

export const createApiKeyRequest = z.strictObject({
  label: name,
  scoped_organizations: z.array(id).nullable().optional().meta({ description: 'only these organizations; null or absent: all' }),
  scoped_environments: z.array(environmentId).nullable().optional().meta({ description: 'only these environments; null or absent: all' }),
});

export const createProjectRequest = z.strictObject({
  name,
  organization_id: id.optional().meta({ description: 'may be omitted when the key’s user belongs to one organization' }),
});

export const updateProjectRequest = z.strictObject({ name });

const environmentChangesShape = {
  ...Object.fromEntries(Object.entries(environmentSettingsShape).map(([key, schema]) => [key, schema.optional()])),
  access_control: z.boolean().optional(),
} as { [Key in keyof typeof environmentSettingsShape]: z.ZodOptional<(typeof environmentSettingsShape)[Key]> } & {
  access_control: z.ZodOptional<z.ZodBoolean>;
};

export const createEnvironmentRequest = z.strictObject({ name, ...environmentChangesShape });

export const updateEnvironmentRequest = z.strictObject({ name: name.optional(), ...environmentChangesShape });

export const noBody = z.strictObject({});

export const grantAccessRequest = z.strictObject({ user_id: id, level: grantLevel });

export const revokeAccessRequest = z.strictObject({ user_id: id });
