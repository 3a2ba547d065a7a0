import { z } from 'zod';
import type { Same } from '../common/schemas';
import { ifMatchSchema, integerIdSchema, nameSchema, pageRequestSchema, uuidSchema } from '../common/schemas';
import { grantLevelSchema, organizationLevelSchema } from './levels';
import { principalSchema } from './principal';
import { apiKeyLabelSchema, emailSchema, firstNameSchema, scopeSchema, secretHashSchema } from './rules';
import { settingsChangesSchema } from './settings-schema';
import { type ProjectsRequest, type ProjectsSubject, ProjectsSubjects as S } from './subjects';

/** Each `projects.*` request as the service receives it over NATS, camelCase (settings keep their names). */

const acting = { principal: principalSchema };
const absentIfNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined).optional();

const environmentChanges = z.object({
  name: nameSchema.optional(),
  accessControl: z.boolean().optional(),
  settings: settingsChangesSchema.optional(),
});

export const ProjectsMessageSchemas = {
  [S.signup]: z.object({
    email: emailSchema,
    firstName: firstNameSchema.optional(),
    organizationName: nameSchema,
    projectName: nameSchema.optional(),
  }),
  [S.currentUser]: z.object({ ...acting }),
  [S.getOrganization]: z.object({ ...acting, organizationId: uuidSchema }),
  [S.listMembers]: z.object({ ...acting, organizationId: uuidSchema, page: pageRequestSchema }),
  [S.addMember]: z.object({ ...acting, organizationId: uuidSchema, email: emailSchema, level: organizationLevelSchema }),
  [S.updateMember]: z.object({ ...acting, organizationId: uuidSchema, userId: uuidSchema, level: organizationLevelSchema, ifMatch: ifMatchSchema }),
  [S.removeMember]: z.object({ ...acting, organizationId: uuidSchema, userId: uuidSchema, ifMatch: ifMatchSchema }),
  [S.listApiKeys]: z.object({ ...acting }),
  [S.createApiKey]: z.object({
    ...acting,
    label: apiKeyLabelSchema,
    scopedOrganizations: scopeSchema(uuidSchema),
    scopedEnvironments: scopeSchema(integerIdSchema),
  }),
  [S.revokeApiKey]: z.object({ ...acting, keyId: uuidSchema }),
  [S.authenticate]: z.object({ secretHash: secretHashSchema }),
  [S.listProjects]: z.object({ ...acting, organizationId: absentIfNull(uuidSchema), page: pageRequestSchema }),
  [S.createProject]: z.object({ ...acting, name: nameSchema, organizationId: absentIfNull(uuidSchema) }),
  [S.getProject]: z.object({ ...acting, projectId: integerIdSchema }),
  [S.updateProject]: z.object({ ...acting, projectId: integerIdSchema, name: nameSchema, ifMatch: ifMatchSchema }),
  [S.deleteProject]: z.object({ ...acting, projectId: integerIdSchema, ifMatch: ifMatchSchema }),
  [S.listEnvironments]: z.object({ ...acting, projectId: absentIfNull(integerIdSchema), page: pageRequestSchema }),
  [S.createEnvironment]: z.object({ ...acting, projectId: integerIdSchema, environment: environmentChanges.extend({ name: nameSchema }) }),
  [S.getEnvironment]: z.object({ ...acting, environmentId: integerIdSchema }),
  [S.updateEnvironment]: z.object({ ...acting, environmentId: integerIdSchema, changes: environmentChanges, ifMatch: ifMatchSchema }),
  [S.deleteEnvironment]: z.object({ ...acting, environmentId: integerIdSchema, ifMatch: ifMatchSchema }),
  [S.resetEnvironmentToken]: z.object({ ...acting, environmentId: integerIdSchema }),
  [S.adoptEnvironment]: z.object({
    ...acting,
    targetProjectId: integerIdSchema,
    environmentId: integerIdSchema,
    acceptGroupTypeDisruption: z.boolean(),
    dryRun: z.boolean(),
  }),
  [S.listAccess]: z.object({ ...acting, environmentId: integerIdSchema }),
  [S.grantAccess]: z.object({ ...acting, environmentId: integerIdSchema, userId: uuidSchema, level: grantLevelSchema }),
  [S.revokeAccess]: z.object({ ...acting, environmentId: integerIdSchema, userId: uuidSchema }),
  [S.listServerKeys]: z.object({ ...acting, environmentId: integerIdSchema }),
  [S.createServerKey]: z.object({ ...acting, environmentId: integerIdSchema, name: nameSchema }),
  [S.revokeServerKey]: z.object({ ...acting, environmentId: integerIdSchema, keyId: uuidSchema }),
  [S.resolveSdkKey]: z.object({ secretHash: secretHashSchema }),
} as const;

/** The schema a `projects.*` handler parses its payload with. */
export function projectsMessageSchema<Subject extends ProjectsSubject>(subject: Subject): (typeof ProjectsMessageSchemas)[Subject] {
  return ProjectsMessageSchemas[subject];
}

// Fails to compile when a schema's output drifts from its contract type (the name in the error says which).
type Drift = { [Subject in ProjectsSubject]: Same<z.output<(typeof ProjectsMessageSchemas)[Subject]>, ProjectsRequest<Subject>> };
const _messagesInSync: { [Subject in ProjectsSubject as Drift[Subject] extends true ? never : Subject]: Drift[Subject] } = {};
void _messagesInSync;
