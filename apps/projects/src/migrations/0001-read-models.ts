import { Migration } from '@strata/database';

/** The read models the projects service answers from, and the id sequence projects and environments share. */
export class CreateReadModels extends Migration {
  override async up(): Promise<void> {
    // SPEC §1: one sequence for both, so a new project's id is its default environment's id.
    this.addSql('CREATE SEQUENCE project_environment_ids AS bigint START 1');
    this.createAccounts();
    this.createProjects();
  }

  private createAccounts(): void {
    this.addSql(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    this.addSql(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        first_name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE UNIQUE INDEX users_email_unique ON users (lower(email))');
    this.addSql(`
      CREATE TABLE members (
        organization_id uuid NOT NULL,
        user_id uuid NOT NULL,
        level smallint NOT NULL,
        joined_at timestamptz NOT NULL,
        PRIMARY KEY (organization_id, user_id)
      )`);
    this.addSql('CREATE INDEX members_by_user ON members (user_id)');
    this.addSql(`
      CREATE TABLE personal_api_keys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        label text NOT NULL,
        secret_hash text NOT NULL CONSTRAINT personal_api_keys_secret_hash_unique UNIQUE,
        visible_prefix text NOT NULL,
        scoped_organizations uuid[],
        scoped_environments bigint[],
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
  }

  private createProjects(): void {
    this.addSql(`
      CREATE TABLE projects (
        id bigint PRIMARY KEY,
        organization_id uuid NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    this.addSql('CREATE INDEX projects_by_organization ON projects (organization_id, id)');
    this.addSql(`
      CREATE TABLE environments (
        id bigint PRIMARY KEY,
        uuid uuid NOT NULL,
        project_id bigint NOT NULL,
        organization_id uuid NOT NULL,
        name text NOT NULL,
        api_token text NOT NULL CONSTRAINT environments_api_token_unique UNIQUE,
        access_control boolean NOT NULL,
        settings jsonb NOT NULL,
        grants jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    // Backstop of the decider's rule: names are unique per project, case-insensitively.
    this.addSql('CREATE UNIQUE INDEX environments_name_unique ON environments (project_id, lower(name))');
    this.addSql('CREATE INDEX environments_by_organization ON environments (organization_id, id)');
  }
}
