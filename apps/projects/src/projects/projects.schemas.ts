import { z } from 'zod';
import { acting, idSchema, ifMatchSchema, pageSchema, uuidSchema } from '../common/edge';

/** Edge schemas of SPEC §4.2's requests. Settings are checked by the domain (`settings.ts`), which names the field. */

const optionalOrganization = uuidSchema.nullish().transform((id) => id ?? undefined);

export const listProjectsSchema = z.object({ ...acting, organizationId: optionalOrganization, page: pageSchema });
export const createProjectSchema = z.object({ ...acting, name: z.string(), organizationId: optionalOrganization });
export const getProjectSchema = z.object({ ...acting, projectId: idSchema });
export const updateProjectSchema = z.object({ ...acting, projectId: idSchema, name: z.string(), ifMatch: ifMatchSchema });
export const deleteProjectSchema = z.object({ ...acting, projectId: idSchema, ifMatch: ifMatchSchema });

/** `name` and `access_control` are the environment's own; everything else must be a setting of SPEC §1. */
const environmentChanges = z.looseObject({ name: z.string().optional(), access_control: z.boolean().optional() });

export const listEnvironmentsSchema = z.object({ ...acting, projectId: idSchema.nullish().transform((id) => id ?? undefined), page: pageSchema });
export const createEnvironmentSchema = z.object({
  ...acting,
  projectId: idSchema,
  environment: environmentChanges.extend({ name: z.string() }),
});
export const getEnvironmentSchema = z.object({ ...acting, environmentId: idSchema });
export const updateEnvironmentSchema = z.object({ ...acting, environmentId: idSchema, changes: environmentChanges, ifMatch: ifMatchSchema });
export const deleteEnvironmentSchema = z.object({ ...acting, environmentId: idSchema, ifMatch: ifMatchSchema });
export const resetTokenSchema = z.object({ ...acting, environmentId: idSchema });

export type EnvironmentChangesInput = z.output<typeof environmentChanges>;
