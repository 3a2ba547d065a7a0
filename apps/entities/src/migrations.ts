import { type MigrationSet, sqlMigration } from '@strata/database';
import { projectsMirrorMigrations } from '@strata/projects-mirror';
import { CreateChangeLog } from '@strata/service-kit';

/** Named so the store can tell a duplicate flag key or tag label from any other violation (`uniqueConflicts`). */
export const FLAG_KEY_UNIQUE = 'entities_flag_key_unique';
export const TAG_LABEL_UNIQUE = 'tags_label_unique';

const CreateEntitiesReadModels = sqlMigration(
  `CREATE TABLE entities (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    project_id bigint NOT NULL,
    environment_id bigint,
    search_text text NOT NULL,
    flag_key text,
    fields jsonb NOT NULL,
    tags jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  'CREATE INDEX entities_project_kind ON entities (project_id, kind, environment_id, created_at, id)',
  // Flag keys are unique per project, case-insensitively, whatever the scope (SPEC §4.4).
  `CREATE UNIQUE INDEX ${FLAG_KEY_UNIQUE} ON entities (project_id, lower(flag_key)) WHERE flag_key IS NOT NULL`,
  // Who holds on to whom: an entity's body (holder_environment_id = the holder's scope is read from entities), or a
  // flag's rollout group in one environment (via_environment_id) or for the whole project (via_project = true).
  `CREATE TABLE entity_references (
    from_id uuid NOT NULL,
    to_id uuid NOT NULL,
    field text NOT NULL,
    via_environment_id bigint,
    via_project boolean NOT NULL DEFAULT false,
    project_id bigint NOT NULL
  )`,
  'CREATE INDEX entity_references_to ON entity_references (to_id)',
  'CREATE INDEX entity_references_from ON entity_references (from_id)',
  `CREATE TABLE flag_states (
    flag_id uuid NOT NULL,
    environment_id bigint NOT NULL,
    project_id bigint NOT NULL,
    enabled boolean NOT NULL,
    feature_state_value jsonb,
    multivariate_values jsonb NOT NULL DEFAULT '[]',
    segment_overrides jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL,
    PRIMARY KEY (flag_id, environment_id)
  )`,
  `CREATE TABLE flag_project_overrides (
    flag_id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    segment_overrides jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL
  )`,
  `CREATE TABLE identity_overrides (
    flag_id uuid NOT NULL,
    environment_id bigint NOT NULL,
    identifier text NOT NULL,
    enabled boolean NOT NULL,
    feature_state_value jsonb,
    PRIMARY KEY (flag_id, environment_id, identifier)
  )`,
  `CREATE TABLE tags (
    id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    label text NOT NULL,
    color text,
    description text NOT NULL DEFAULT '',
    is_permanent boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    version integer NOT NULL
  )`,
  `CREATE UNIQUE INDEX ${TAG_LABEL_UNIQUE} ON tags (project_id, lower(label))`,
);

/** An import file's text, staged in chunks under the export service's job id until it is applied (SPEC §6). */
const CreateImportStaging = sqlMigration(
  `CREATE TABLE import_staging (
    import_id text NOT NULL,
    project_id bigint NOT NULL,
    chunk integer NOT NULL,
    chunks integer NOT NULL,
    text text NOT NULL,
    staged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (import_id, chunk)
  )`,
);

/**
 * Evaluation counts (SPEC §4.5): data, not setup — never in the event log, written in batches an edge aggregated,
 * each batch added once. The last change of a state or of the project's rollout groups, for `?stale=`, from the log.
 */
const CreateFlagEvaluations = sqlMigration(
  `CREATE TABLE flag_evaluations (
    flag_id uuid NOT NULL,
    environment_id bigint NOT NULL,
    hour timestamptz NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (flag_id, environment_id, hour)
  )`,
  `CREATE TABLE evaluation_batches (
    batch_id uuid PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX evaluation_batches_recorded_at ON evaluation_batches (recorded_at)',
  'ALTER TABLE flag_states ADD COLUMN changed_at timestamptz',
  'ALTER TABLE flag_project_overrides ADD COLUMN changed_at timestamptz',
  `UPDATE flag_states s SET changed_at = e.at
    FROM (SELECT stream_id, max(created_at) AS at FROM events WHERE stream_id LIKE 'flag-state-%' GROUP BY stream_id) e
   WHERE e.stream_id = 'flag-state-' || s.flag_id || '-' || s.environment_id`,
  `UPDATE flag_project_overrides p SET changed_at = e.at
    FROM (SELECT stream_id, max(created_at) AS at FROM events WHERE stream_id LIKE 'flag-rollout-%' GROUP BY stream_id) e
   WHERE e.stream_id = 'flag-rollout-' || p.flag_id`,
);

export const entitiesMigrations: MigrationSet['migrations'] = [
  { name: 'entities-0001-read-models', class: CreateEntitiesReadModels },
  ...projectsMirrorMigrations,
  { name: 'entities-0002-import-staging', class: CreateImportStaging },
  { name: 'entities-0003-flag-evaluations', class: CreateFlagEvaluations },
  { name: 'entities-0004-change-log', class: CreateChangeLog },
];
