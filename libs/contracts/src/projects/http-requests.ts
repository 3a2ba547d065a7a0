import { z } from 'zod';
import { integerIdSchema, nameSchema, pageQueryShape, uuidSchema } from '../common/schemas';
import { grantLevelSchema, organizationLevelSchema } from './levels';
import { apiKeyLabelSchema, emailSchema, firstNameSchema, scopeSchema } from './rules';
import { environmentSettingsShape } from './settings-schema';

/**
 * HTTP request bodies and queries of SPEC §4.1–§4.2, snake_case as clients send them. Every object is strict: a
 * misspelt field is a 400 naming it. The gateway maps each onto its NATS message (`./message-schemas`).
 */

export const pageQuery = z.strictObject(pageQueryShape);

export const listProjects = z.strictObject({
  ...pageQueryShape,
  organization_id: uuidSchema.optional().meta({ description: 'only this organization’s projects' }),
});

export const signup = z.strictObject({
  email: emailSchema,
  first_name: firstNameSchema.optional(),
  organization_name: nameSchema,
  project_name: nameSchema.optional(),
});

export const addMember = z.strictObject({ email: emailSchema, level: organizationLevelSchema });

export const updateMember = z.strictObject({ level: organizationLevelSchema });

export const createApiKey = z.strictObject({
  label: apiKeyLabelSchema,
  scoped_organizations: scopeSchema(uuidSchema).meta({ description: 'only these organizations (at least one); null or absent: all' }),
  scoped_environments: scopeSchema(integerIdSchema).meta({ description: 'only these environments (at least one); null or absent: all' }),
});

export const createProject = z.strictObject({
  name: nameSchema,
  organization_id: uuidSchema.optional().meta({ description: 'may be omitted when the key’s user belongs to one organization' }),
});

export const updateProject = z.strictObject({ name: nameSchema });

const environmentFields = {
  ...z.object(environmentSettingsShape).partial().shape,
  access_control: z.boolean().optional().meta({ description: 'restricted: members need an explicit grant' }),
};

export const createEnvironment = z.strictObject({ name: nameSchema, ...environmentFields });

export const updateEnvironment = z.strictObject({ name: nameSchema.optional(), ...environmentFields });

export const noBody = z.strictObject({});

export const grantAccess = z.strictObject({ user_id: uuidSchema, level: grantLevelSchema });

export const revokeAccess = z.strictObject({ user_id: uuidSchema });

export const createServerKey = z.strictObject({ name: nameSchema.meta({ description: 'tells the keys apart in the list' }) });

/** SPEC §7: the environment (of another project of the organization) the target project adopts. */
export const adoptEnvironment = z.strictObject({
  environment_id: integerIdSchema,
  accept_group_type_disruption: z.boolean().default(false),
  dry_run: z.boolean().default(false),
});
