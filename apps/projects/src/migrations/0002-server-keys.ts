import { sqlMigration } from '@strata/database';

/** Server-side SDK keys (SPEC §4.5), and the environments' tokens findable by hash, as SDK keys are resolved. */
export const CreateServerKeys = sqlMigration(
  `
    CREATE TABLE server_keys (
      id uuid PRIMARY KEY,
      environment_id bigint NOT NULL,
      project_id bigint NOT NULL,
      name text NOT NULL,
      secret_hash text NOT NULL CONSTRAINT server_keys_secret_hash_unique UNIQUE,
      visible_prefix text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
  'CREATE INDEX server_keys_by_environment ON server_keys (environment_id, created_at, id)',
  // A token is url-safe base64 behind `phc_`, so its text is its bytes (no escapes for `::bytea` to read).
  `ALTER TABLE environments ADD COLUMN api_token_hash text GENERATED ALWAYS AS (encode(sha256(api_token::bytea), 'hex')) STORED`,
  'CREATE UNIQUE INDEX environments_api_token_hash_unique ON environments (api_token_hash)',
);
