import { sqlMigration } from '@strata/database';

/** Each environment adoption's process (SPEC §7): which are running, so a restarted service takes them up again. */
export const CreateAdoptions = sqlMigration(
  `
    CREATE TABLE environment_adoptions (
      id text PRIMARY KEY,
      environment_id bigint NOT NULL,
      source_project_id bigint NOT NULL,
      target_project_id bigint NOT NULL,
      status text NOT NULL,
      steps_done jsonb NOT NULL DEFAULT '[]',
      failure jsonb,
      started_at timestamptz NOT NULL,
      version integer NOT NULL
    )`,
  `CREATE INDEX environment_adoptions_running ON environment_adoptions (started_at) WHERE status = 'running'`,
);
