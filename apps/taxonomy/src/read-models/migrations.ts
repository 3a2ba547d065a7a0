import { type MigrationSet, sqlMigration } from '@strata/database';
import { projectsMirrorMigrations } from '@strata/projects-mirror';
import { CreateChangeLog } from '@strata/service-kit';

/** Named, so a projection can tell the backstop's violation from any other. */
export const GROUP_TYPE_UNIQUE = 'group_types_project_type_unique';
export const GROUP_TYPE_INDEX_UNIQUE = 'group_types_project_index_unique';

const CreateTaxonomyReadModels = sqlMigration(
  // The registry stream serialises registrations; the two unique constraints are the backstop should a writer bypass it.
  `CREATE TABLE group_types (
    project_id bigint NOT NULL,
    group_type text NOT NULL,
    group_type_index smallint NOT NULL CHECK (group_type_index BETWEEN 0 AND 4),
    name_singular text,
    name_plural text,
    CONSTRAINT ${GROUP_TYPE_INDEX_UNIQUE} PRIMARY KEY (project_id, group_type_index),
    CONSTRAINT ${GROUP_TYPE_UNIQUE} UNIQUE (project_id, group_type)
  )`,
  // Project ids are never reused, so a removal is permanent: definitions replayed after it (a rebuild's cross-stream order) stay out.
  'CREATE TABLE removed_projects (project_id bigint PRIMARY KEY, removed_at timestamptz NOT NULL)',
  `CREATE TABLE event_definitions (
    id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    tags jsonb NOT NULL DEFAULT '[]',
    verified boolean NOT NULL DEFAULT false,
    last_seen_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    version integer NOT NULL,
    CONSTRAINT event_definitions_project_name_unique UNIQUE (project_id, name)
  )`,
  `CREATE TABLE property_definitions (
    id uuid PRIMARY KEY,
    project_id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    group_type_index smallint,
    property_type text,
    type_source text,
    description text NOT NULL DEFAULT '',
    version integer NOT NULL,
    CONSTRAINT property_definitions_natural_key UNIQUE NULLS NOT DISTINCT (project_id, kind, group_type_index, name)
  )`,
);

/** The projects mirror's tables (`known_projects`, `known_environments`) come from its lib; databases created before it already have them. */
export const taxonomyMigrations: MigrationSet['migrations'] = [
  { name: 'taxonomy-0001-read-models', class: CreateTaxonomyReadModels },
  ...projectsMirrorMigrations,
  { name: 'taxonomy-0002-change-log', class: CreateChangeLog },
];
