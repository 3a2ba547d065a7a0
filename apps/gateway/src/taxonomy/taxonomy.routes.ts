import { type projects, taxonomy } from '@strata/contracts';
import { ENVIRONMENT_PATHS } from '../environments/environments.routes';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { Route } from '../routes/route';
import type { ServiceClient } from '../service-client';
import {
  EventDefinitionDto,
  EventDefinitionPageDto,
  GroupTypeDto,
  GroupTypePageDto,
  PropertyDefinitionDto,
  PropertyDefinitionPageDto,
} from '../api/dtos';

const T = taxonomy.TaxonomySubjects;
const { http } = taxonomy;

/**
 * How the way in becomes the project whose taxonomy is asked for. Either way the projects service decides whether
 * the caller may see it — a restricted environment without a grant is 404, and so is the project-wide taxonomy
 * behind it — and the taxonomy service is then asked for the project only.
 */
type ProjectOf = (principal: projects.Principal, id: number, client: ServiceClient) => Promise<number>;

const ofProject: ProjectOf = async (principal, projectId, client) =>
  (await client.call('projects.projects.get', { principal, projectId })).result.id;

const ofEnvironment: ProjectOf = async (principal, environmentId, client) =>
  (await client.call('projects.environments.get', { principal, environmentId })).result.project_id;

/** The read side of a project's taxonomy (SPEC §4.3), reached through `:id`, a project or an environment. */
function views(projectOf: ProjectOf): Route[] {
  const id = { id: pathId };
  return [
    route({
      name: 'groupTypes', method: 'get', path: 'group_types/', summary: "The project's group type mappings, sorted by index (at most 5)",
      params: id, query: http.listGroupTypes, body: IGNORED, subject: T.listGroupTypes,
      request: async ({ principal, params }, client) => ({ projectId: await projectOf(principal, params.id, client) }),
      answer: 'whole', response: GroupTypePageDto, errors: [404],
    }),
    route({
      name: 'eventDefinitions', method: 'get', path: 'event_definitions/', summary: "The project's event definitions",
      params: id, query: http.listEventDefinitions, body: IGNORED, subject: T.listEventDefinitions,
      request: async ({ principal, params, query: { search, ...page } }, client) => ({ projectId: await projectOf(principal, params.id, client), search, page }),
      answer: 'page', response: EventDefinitionPageDto, errors: [400, 404],
    }),
    route({
      name: 'eventDefinition', method: 'get', path: 'event_definitions/:definition_id', summary: 'An event definition, with `ETag`',
      params: { ...id, definition_id: pathUuid }, query: IGNORED, body: IGNORED, subject: T.getEventDefinition,
      request: async ({ principal, params }, client) => ({ projectId: await projectOf(principal, params.id, client), definitionId: params.definition_id }),
      answer: 'entity', response: EventDefinitionDto, errors: [404],
    }),
    route({
      name: 'propertyDefinitions', method: 'get', path: 'property_definitions/',
      summary: "The project's property definitions, by kind (event, person, group) and group type index",
      params: id, query: http.listPropertyDefinitions, body: IGNORED, subject: T.listPropertyDefinitions,
      request: async ({ principal, params, query: { search, type, group_type_index: groupTypeIndex, ...page } }, client) => ({
        projectId: await projectOf(principal, params.id, client), search, type, groupTypeIndex, page,
      }),
      answer: 'page', response: PropertyDefinitionPageDto, errors: [400, 404],
    }),
    route({
      name: 'propertyDefinition', method: 'get', path: 'property_definitions/:definition_id', summary: 'A property definition, with `ETag`',
      params: { ...id, definition_id: pathUuid }, query: IGNORED, body: IGNORED, subject: T.getPropertyDefinition,
      request: async ({ principal, params }, client) => ({ projectId: await projectOf(principal, params.id, client), definitionId: params.definition_id }),
      answer: 'entity', response: PropertyDefinitionDto, errors: [404],
    }),
  ];
}

/** Labelling and describing: only through the project. */
const edits: Route[] = [
  route({
    name: 'renameGroupType', method: 'patch', path: 'group_types/:index', summary: 'Rename the labels of a group type; `group_type` itself never changes',
    params: { id: pathId, index: http.groupTypeIndexParam }, query: IGNORED, body: http.renameGroupType, subject: T.renameGroupType,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      projectId: await ofProject(principal, params.id, client), index: params.index, nameSingular: body.name_singular, namePlural: body.name_plural, ifMatch,
    }),
    answer: 'entity', response: GroupTypeDto, errors: [400, 404, 412],
  }),
  route({
    name: 'updateEventDefinition', method: 'patch', path: 'event_definitions/:definition_id', summary: 'Describe, tag or verify an event definition',
    params: { id: pathId, definition_id: pathUuid }, query: IGNORED, body: http.updateEventDefinition, subject: T.updateEventDefinition,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      projectId: await ofProject(principal, params.id, client), definitionId: params.definition_id, changes: body, ifMatch,
    }),
    answer: 'entity', response: EventDefinitionDto, errors: [400, 404, 412],
  }),
  route({
    name: 'updatePropertyDefinition', method: 'patch', path: 'property_definitions/:definition_id',
    summary: 'Set a property type (wins over detection) or describe a property definition',
    params: { id: pathId, definition_id: pathUuid }, query: IGNORED, body: http.updatePropertyDefinition, subject: T.updatePropertyDefinition,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      projectId: await ofProject(principal, params.id, client), definitionId: params.definition_id,
      changes: { propertyType: body.property_type, description: body.description }, ifMatch,
    }),
    answer: 'entity', response: PropertyDefinitionDto, errors: [400, 404, 412],
  }),
];

export const TAXONOMY_ROUTES: RouteGroup[] = [
  { name: 'ProjectTaxonomy', tag: 'taxonomy', prefixes: ['api/v2/projects/:id'], routes: [...views(ofProject), ...edits] },
  { name: 'EnvironmentTaxonomy', tag: 'taxonomy', prefixes: ENVIRONMENT_PATHS.map((path) => `${path}/:id`), routes: views(ofEnvironment) },
];
