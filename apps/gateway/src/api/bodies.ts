import { entities, type ErrorBody, ingestion, listBodySchema, type Page, projects, type Same, taxonomy } from '@strata/contracts';
import { z } from 'zod';

/**
 * Response bodies of SPEC §4.1–§4.2 as zod schemas, for the OpenAPI document only: the projects service already
 * replies with these shapes. They carry no `meta({id})`: nestjs-zod 5.5's `cleanupOpenApiDoc` refuses a DTO whose
 * root schema has one, so each DTO is named by its class and nested bodies are inlined. Each is checked at compile
 * time against its contract type, so the document cannot drift from what is served; request schemas are the
 * contracts' own (`projects.http`, `taxonomy.http`), checked there against their messages.
 */

const timestamp = z.string().meta({ format: 'date-time' });
const organizationLevel = projects.organizationLevelSchema;
const grantLevel = projects.grantLevelSchema;

export const errorBody = z
  .object({
    type: z.enum(['validation_error', 'authentication_error', 'invalid_request', 'server_error']),
    code: z.string(),
    detail: z.string(),
    attr: z.string().nullable().meta({ description: 'the field at fault (`tiles.0.insight_id`), if any' }),
    errors: z
      .array(z.object({ attr: z.string().nullable(), detail: z.string() }))
      .optional()
      .meta({ description: 'a 400: every problem (an import file: `attr` is its JSON path in the file)' }),
  })
  .meta({ description: 'Every error (SPEC §4); a 400 also lists every problem in `errors`.' });

export const userBody = z.object({ id: z.string(), email: z.string(), first_name: z.string(), created_at: timestamp });

export const organizationBody = z.object({ id: z.string(), name: z.string(), created_at: timestamp });

export const currentUserBody = userBody
  .extend({ organizations: z.array(organizationBody.extend({ level: organizationLevel })) });

export const memberBody = z.object({ user: userBody, level: organizationLevel, joined_at: timestamp });

export const personalApiKeyBody = z
  .object({
    id: z.string(),
    label: z.string(),
    visible_prefix: z.string(),
    scoped_organizations: z.array(z.string()).nullable(),
    scoped_environments: z.array(z.number().int()).nullable(),
    created_at: timestamp,
  });

export const personalApiKeyWithSecretBody = personalApiKeyBody
  .extend({ value: z.string().meta({ description: 'the key itself (`phx_…`), shown this once' }) });

export const environmentSettingsShape = {
  app_urls: z.array(z.string()),
  recording_domains: z.array(z.string()),
  timezone: z.string(),
  minimum_change_request_approvals: z.number().int().min(0).nullable(),
  allow_client_traits: z.boolean(),
  banner_text: z.string().nullable(),
  banner_colour: z.string().nullable(),
  hide_disabled_flags: z.boolean().nullable(),
  use_identity_composite_key_for_hashing: z.boolean(),
  hide_sensitive_data: z.boolean(),
  use_v2_feature_versioning: z.boolean(),
  use_identity_overrides_in_local_eval: z.boolean(),
};

export const environmentBody = z
  .object({
    id: z.number().int(),
    uuid: z.string(),
    project_id: z.number().int(),
    organization_id: z.string(),
    name: z.string(),
    api_token: z.string().meta({ description: 'the SDK key, `phc_…`' }),
    access_control: z.boolean(),
    ...environmentSettingsShape,
    created_at: timestamp,
  });

export const projectBody = z
  .object({
    id: z.number().int(),
    organization_id: z.string(),
    name: z.string(),
    environments: z.array(z.object({ id: z.number().int(), name: z.string() })),
    created_at: timestamp,
  });

export const environmentGrantBody = z.object({ user_id: z.string(), level: grantLevel });

export const serverKeyBody = z.object({
  id: z.string(),
  name: z.string(),
  visible_prefix: z.string().meta({ description: '`ser.abcd`: tells the keys apart' }),
  created_at: timestamp,
});

export const serverKeyWithSecretBody = serverKeyBody
  .extend({ key: z.string().meta({ description: 'the server-side SDK key itself (`ser.…`), shown this once' }) });

/** Signup and member creation hand out the key itself, as a string a client can put straight into `Bearer`. */
export const signupBody = z
  .object({
    user: userBody,
    organization: organizationBody,
    project: projectBody,
    environment: environmentBody,
    personal_api_key: z.string().meta({ description: 'the new personal API key (`phx_…`), shown this once' }),
    personal_api_key_id: z.string(),
  });

export const addedMemberBody = z
  .object({
    user: userBody,
    level: organizationLevel,
    personal_api_key: z.string().nullable().meta({ description: 'a key for a new user (`phx_…`), shown this once; null when the user already existed' }),
    personal_api_key_id: z.string().nullable(),
  });

export const groupTypeBody = z.object({
  group_type: z.string(),
  group_type_index: z.number().int(),
  name_singular: z.string().nullable(),
  name_plural: z.string().nullable(),
});

export const eventDefinitionBody = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  verified: z.boolean(),
  last_seen_at: timestamp,
  created_at: timestamp,
});

export const propertyDefinitionBody = z.object({
  id: z.string(),
  name: z.string(),
  type: taxonomy.propertyKindSchema,
  group_type_index: z.number().int().nullable(),
  property_type: taxonomy.propertyTypeSchema.nullable(),
  is_numerical: z.boolean(),
  description: z.string(),
});

/** `POST /i/v0/resolve`: one result per event, in order (SPEC §5). */
export const resolveResponseBody = z.object({
  results: z.array(
    z.union([
      z.object({
        ok: z.literal(true),
        team_id: z.number().int(),
        project_id: z.number().int(),
        groups: z.record(z.string().regex(/^\$group_\d+$/), z.string()).meta({ description: '`$group_<index>` → group key' }),
        dropped_groups: z.array(z.string()).optional(),
      }),
      z.object({ ok: z.literal(false), error: z.enum(ingestion.RESOLVE_EVENT_ERRORS) }),
    ]),
  ),
});

/** SPEC §7: what adopting an environment does, did, or would refuse (the 409 body carries it too). */
const entityKind = z.enum(entities.ENTITY_KINDS);
const adoptedEntity = z.object({ kind: entityKind, id: z.string(), name: z.string() });
export const adoptionReportBody = z.object({
  status: z.enum(['planned', 'refused', 'completed']),
  adoption_id: z.string().nullable(),
  environment: z.object({ id: z.number(), name: z.string(), name_in_target: z.string() }),
  source_project: z.object({ id: z.number(), name: z.string(), deleted: z.boolean() }),
  target_project: z.object({ id: z.number(), name: z.string() }),
  refused_because: z.array(z.enum(['group_type_disruption', 'no_free_group_type_index', 'flag_key_collision'])),
  conflicts: z.object({
    group_types: z.array(
      z.object({
        group_type: z.string(),
        source_index: z.number(),
        target_index: z.number().nullable(),
        reason: z.enum(['different_index', 'index_taken', 'no_free_index']),
      }),
    ),
    flag_keys: z.array(z.object({ key: z.string(), source_flag_id: z.string(), target_flag_id: z.string() })),
    property_types: z.array(
      z.object({
        name: z.string(),
        type: z.enum(taxonomy.PROPERTY_KINDS),
        group_type_index: z.number().optional(),
        source_property_type: z.enum(taxonomy.PROPERTY_TYPES),
        target_property_type: z.enum(taxonomy.PROPERTY_TYPES),
      }),
    ),
  }),
  scope_changes: z.array(adoptedEntity.extend({ from: z.literal('project'), to: z.literal('environment'), new_id: z.string().optional() })),
  moved_entities: z.array(adoptedEntity),
  taxonomy: z.object({
    group_type_mapping: z.record(z.string(), z.number()),
    group_types_added: z.array(z.object({ group_type: z.string(), group_type_index: z.number() })),
    event_definitions_added: z.number(),
    property_definitions_added: z.number(),
  }),
  tags_created: z.array(z.string()),
});

/** SPEC §4's list body around `item`. */
export const pageOf = listBodySchema;

type ListOf<T> = Page<T> & { next: string | null; previous: string | null };
const _inSync: [
  Same<z.output<typeof userBody>, projects.User>,
  Same<z.output<typeof organizationBody>, projects.Organization>,
  Same<z.output<typeof currentUserBody>, projects.CurrentUser>,
  Same<z.output<typeof memberBody>, projects.Member>,
  Same<z.output<typeof personalApiKeyBody>, projects.PersonalApiKey>,
  Same<z.output<typeof personalApiKeyWithSecretBody>, projects.PersonalApiKeyWithSecret>,
  Same<z.output<typeof environmentBody>, projects.Environment>,
  Same<z.output<typeof projectBody>, projects.Project>,
  Same<z.output<typeof environmentGrantBody>, projects.EnvironmentGrant>,
  Same<z.output<typeof serverKeyBody>, projects.ServerKey>,
  Same<z.output<typeof serverKeyWithSecretBody>, projects.ServerKeyWithSecret>,
  Same<z.output<typeof signupBody>, Omit<projects.SignupResponse, 'personal_api_key'> & { personal_api_key: string; personal_api_key_id: string }>,
  Same<z.output<typeof addedMemberBody>, Omit<projects.AddMemberResponse, 'personal_api_key'> & { personal_api_key: string | null; personal_api_key_id: string | null }>,
  Same<z.output<ReturnType<typeof pageOf<typeof memberBody>>>, ListOf<projects.Member>>,
  Same<z.output<typeof groupTypeBody>, taxonomy.GroupType>,
  Same<z.output<typeof eventDefinitionBody>, taxonomy.EventDefinition>,
  Same<z.output<typeof propertyDefinitionBody>, taxonomy.PropertyDefinition>,
  Same<Omit<z.output<typeof errorBody>, 'errors'>, Pick<ErrorBody, 'type' | 'code' | 'detail' | 'attr'>>,
  Same<z.output<typeof adoptionReportBody>, projects.AdoptionReport>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void _inSync;
