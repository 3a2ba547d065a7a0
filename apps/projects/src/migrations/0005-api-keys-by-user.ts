import { sqlMigration } from '@strata/database';

/** A user's keys, listed on `GET /api/personal_api_keys/`. */
export const IndexApiKeysByUser = sqlMigration(`CREATE INDEX personal_api_keys_by_user ON personal_api_keys (user_id, created_at) WHERE revoked_at IS NULL`);
