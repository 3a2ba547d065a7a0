import { ConflictError } from '@strata/contracts';
import { type MigrationSet, sqlMigration } from '@strata/database';

/** Named, so the event store can tell a second running import of a project from any other violation. */
export const ONE_RUNNING_IMPORT = 'import_jobs_one_running_per_project';

export const uniqueConflicts = {
  [ONE_RUNNING_IMPORT]: () => new ConflictError('An import into this project is running; wait for it to finish.', 'import_running'),
};

const CreateJobTables = sqlMigration(
  // Read models of the job streams; `attempts` counts the workers that took the job up (not domain state: a worker's lease).
  `CREATE TABLE export_jobs (
    id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    status text NOT NULL,
    include_identity_overrides boolean NOT NULL,
    principal jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    error text,
    bytes bigint,
    chunks integer,
    attempts integer NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX export_jobs_running ON export_jobs (created_at) WHERE status = 'PROCESSING'`,
  `CREATE TABLE import_jobs (
    id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    status text NOT NULL,
    strategy text NOT NULL,
    dry_run boolean NOT NULL,
    upload_id uuid NOT NULL,
    principal jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    error text,
    result_summary jsonb,
    plan jsonb,
    attempts integer NOT NULL DEFAULT 0
  )`,
  // The backstop of "one import per project at a time" (SPEC §6): two requests racing past the handler's check.
  `CREATE UNIQUE INDEX ${ONE_RUNNING_IMPORT} ON import_jobs (project_id) WHERE status = 'PROCESSING'`,
  // Files are the service's own storage, not read models: a rebuild leaves them alone.
  `CREATE TABLE export_files (
    job_id uuid NOT NULL,
    chunk integer NOT NULL,
    text text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, chunk)
  )`,
  `CREATE TABLE import_uploads (
    upload_id uuid NOT NULL,
    chunk integer NOT NULL,
    chunks integer NOT NULL,
    user_id uuid NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (upload_id, chunk)
  )`,
);

const CreateImportEnvironments = sqlMigration(
  // The environments an import job created, named before each is created: a failed import removes them.
  `CREATE TABLE import_environments (
    job_id uuid NOT NULL,
    name text NOT NULL,
    environment_id bigint,
    PRIMARY KEY (job_id, name)
  )`,
);

const UploadsCountedAtRequest = sqlMigration(
  // An upload arrives as the client sends it, its size unknown until the end: the import request counts its pieces.
  'ALTER TABLE import_uploads DROP COLUMN chunks',
);

const IndexJobsByProject = sqlMigration(
  // A project's jobs, newest first (`GET …/exports/`, `…/imports/`).
  'CREATE INDEX export_jobs_by_project ON export_jobs (project_id, created_at DESC, id DESC)',
  'CREATE INDEX import_jobs_by_project ON import_jobs (project_id, created_at DESC, id DESC)',
);

export const exportMigrations: MigrationSet['migrations'] = [
  { name: 'export-0001-jobs', class: CreateJobTables },
  { name: 'export-0002-import-environments', class: CreateImportEnvironments },
  { name: 'export-0003-jobs-by-project', class: IndexJobsByProject },
  { name: 'export-0004-uploads-counted-at-request', class: UploadsCountedAtRequest },
];
