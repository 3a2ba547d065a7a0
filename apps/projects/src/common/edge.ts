import { projects } from '@strata/contracts';
import { validate } from '@strata/service-kit';
import { z } from 'zod';

/**
 * Validates a request payload where it enters the service. `attr` names the HTTP body's field the caller sent:
 * `changes.timezone` is reported as `timezone`, `organizationName` as `organization_name`.
 */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, payload: unknown): z.output<Schema> {
  return validate(schema, payload ?? {}, { attr: httpAttr });
}

/** Envelope keys whose content is an HTTP body: their name is left out of `attr`. */
const BODY_KEYS = new Set(['environment', 'changes']);

function httpAttr(issuePath: readonly PropertyKey[]): string | null {
  const path = [...issuePath];
  if (path.length > 1 && BODY_KEYS.has(String(path[0]))) path.shift();
  return path.map((key) => snakeCase(String(key))).join('.') || null;
}

/** Requests name fields in camelCase, the HTTP API the caller answers to in snake_case: `attr` speaks the latter. */
function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const organizationLevel = z.union([z.literal(1), z.literal(8), z.literal(15)]);
export const organizationLevelSchema = organizationLevel as z.ZodType<projects.OrganizationLevel>;
export const grantLevelSchema = z.union([z.literal(1), z.literal(8)]) as z.ZodType<projects.GrantLevel>;
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const uuidSchema = z.uuid();

const scopedEnvironment = z.object({ environmentId: idSchema, projectId: idSchema, organizationId: uuidSchema });

export const principalSchema: z.ZodType<projects.Principal> = z.object({
  userId: uuidSchema,
  keyId: uuidSchema,
  organizationLevels: z.record(uuidSchema, organizationLevel),
  scopes: z.object({
    organizations: z.array(uuidSchema).nullable(),
    environments: z.array(scopedEnvironment).nullable(),
  }),
});

/** SPEC §4 lists: `limit` 1–1000 (default 100), `offset` ≥ 0. */
export const pageSchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 100, offset: 0 });

/** `If-Match` as the version number the caller read; `null` is read as absent, like an omitted field. */
export const ifMatchSchema = z
  .number()
  .int()
  .min(0)
  .nullish()
  .transform((version) => version ?? undefined);

export const acting = { principal: principalSchema };
