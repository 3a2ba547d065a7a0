import type { CoversSubjects, RequestOf, ResponseOf, SubjectOf } from '../common/rpc';
import type * as M from './messages';

/** `taxonomy.<verb>` request/reply subjects (SPEC §3); pass them through `rpcSubject` for the namespace prefix. */
export const TaxonomySubjects = {
  listGroupTypes: 'taxonomy.groupTypes.list',
  renameGroupType: 'taxonomy.groupTypes.rename',
  resolveGroupTypes: 'taxonomy.groupTypes.resolve',
  listEventDefinitions: 'taxonomy.eventDefinitions.list',
  getEventDefinition: 'taxonomy.eventDefinitions.get',
  updateEventDefinition: 'taxonomy.eventDefinitions.update',
  listPropertyDefinitions: 'taxonomy.propertyDefinitions.list',
  getPropertyDefinition: 'taxonomy.propertyDefinitions.get',
  updatePropertyDefinition: 'taxonomy.propertyDefinitions.update',
  recordObservations: 'taxonomy.observations.record',
} as const;

export type TaxonomySubject = SubjectOf<typeof TaxonomySubjects>;

/** Subject → request and response payload: lets a typed client and server agree by construction. */
export interface TaxonomyRpc {
  'taxonomy.groupTypes.list': { request: M.ListGroupTypesRequest; response: M.ListGroupTypesResponse };
  'taxonomy.groupTypes.rename': { request: M.RenameGroupTypeRequest; response: M.RenameGroupTypeResponse };
  'taxonomy.groupTypes.resolve': { request: M.ResolveGroupTypesRequest; response: M.ResolveGroupTypesResponse };
  'taxonomy.eventDefinitions.list': { request: M.ListEventDefinitionsRequest; response: M.ListEventDefinitionsResponse };
  'taxonomy.eventDefinitions.get': { request: M.GetEventDefinitionRequest; response: M.GetEventDefinitionResponse };
  'taxonomy.eventDefinitions.update': { request: M.UpdateEventDefinitionRequest; response: M.UpdateEventDefinitionResponse };
  'taxonomy.propertyDefinitions.list': {
    request: M.ListPropertyDefinitionsRequest;
    response: M.ListPropertyDefinitionsResponse;
  };
  'taxonomy.propertyDefinitions.get': { request: M.GetPropertyDefinitionRequest; response: M.GetPropertyDefinitionResponse };
  'taxonomy.propertyDefinitions.update': {
    request: M.UpdatePropertyDefinitionRequest;
    response: M.UpdatePropertyDefinitionResponse;
  };
  'taxonomy.observations.record': { request: M.RecordObservationsRequest; response: M.RecordObservationsResponse };
}

export type TaxonomyRequest<S extends TaxonomySubject> = RequestOf<TaxonomyRpc, S>;
export type TaxonomyResponse<S extends TaxonomySubject> = ResponseOf<TaxonomyRpc, S>;

// Fails to compile when a subject has no entry in TaxonomyRpc or vice versa.
true satisfies CoversSubjects<TaxonomySubject, TaxonomyRpc>;
