import { z } from 'zod';
import { acting, ifMatchSchema, idSchema, organizationLevelSchema, pageSchema, uuidSchema } from '../common/edge';

/** Edge schemas of SPEC §4.1's requests. Formats (email, name lengths) are the deciders' to judge. */

export const signupSchema = z.object({
  email: z.string(),
  firstName: z.string().optional(),
  organizationName: z.string(),
  projectName: z.string().optional(),
});
export const currentUserSchema = z.object({ ...acting });
export const getOrganizationSchema = z.object({ ...acting, organizationId: uuidSchema });
export const listMembersSchema = z.object({ ...acting, organizationId: uuidSchema, page: pageSchema });
export const addMemberSchema = z.object({ ...acting, organizationId: uuidSchema, email: z.string(), level: organizationLevelSchema });
export const updateMemberSchema = z.object({
  ...acting,
  organizationId: uuidSchema,
  userId: uuidSchema,
  level: organizationLevelSchema,
  ifMatch: ifMatchSchema,
});
export const removeMemberSchema = z.object({ ...acting, organizationId: uuidSchema, userId: uuidSchema, ifMatch: ifMatchSchema });
export const createApiKeySchema = z.object({
  ...acting,
  label: z.string(),
  scopedOrganizations: z.array(uuidSchema).max(100).nullish(),
  scopedEnvironments: z.array(idSchema).max(100).nullish(),
});
export const revokeApiKeySchema = z.object({ ...acting, keyId: uuidSchema });
export const authenticateSchema = z.object({ secretHash: z.string().regex(/^[0-9a-f]{64}$/, 'Must be a sha256 hex digest.') });
