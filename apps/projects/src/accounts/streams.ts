/** Stream ids of the account aggregates (`libs/contracts/src/projects/account-events.ts`). */
export const organizationStream = (organizationId: string): string => `organization-${organizationId}`;
export const userStream = (userId: string): string => `user-${userId}`;
export const apiKeyStream = (keyId: string): string => `personal-api-key-${keyId}`;
