import { z } from 'zod';
import { integerIdSchema, uuidSchema } from '../common/schemas';
import { type OrganizationLevel, organizationLevelSchema } from './levels';

/** An environment a key is scoped to, resolved to where it lives so scope checks need no further lookup. */
export interface ScopedEnvironment {
  environmentId: number;
  projectId: number;
  organizationId: string;
}

/** `null` means unrestricted on that axis; a key with both lists sees only what both admit. */
export interface KeyScopes {
  organizations: string[] | null;
  environments: ScopedEnvironment[] | null;
}

/**
 * Who asks: the user behind a personal API key, as `projects.apiKeys.authenticate` resolved it. Every request to the
 * projects service that acts for someone carries it, and the service decides visibility (404) and permission (403)
 * from it.
 */
export interface Principal {
  userId: string;
  keyId: string;
  /** organization id → the user's level there; absent = not a member. */
  organizationLevels: Record<string, OrganizationLevel>;
  scopes: KeyScopes;
}

/** The `x-actor` header / event metadata value for a principal. */
export function actorOf(principal: Pick<Principal, 'userId'>): string {
  return `user:${principal.userId}`;
}

const scopedEnvironmentSchema = z.object({ environmentId: integerIdSchema, projectId: integerIdSchema, organizationId: uuidSchema });

/** A principal as it crosses NATS inside every acting request. */
export const principalSchema = z.object({
  userId: uuidSchema,
  keyId: uuidSchema,
  organizationLevels: z.record(uuidSchema, organizationLevelSchema),
  scopes: z.object({ organizations: z.array(uuidSchema).nullable(), environments: z.array(scopedEnvironmentSchema).nullable() }),
});
