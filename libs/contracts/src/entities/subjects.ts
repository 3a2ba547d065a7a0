import type { CoversSubjects, RequestOf, ResponseOf, SubjectOf } from '../common/rpc';
import type * as M from './messages';

/** `entities.<verb>` request/reply subjects (SPEC §3): a handful of verbs, the kind in the payload. */
export const EntitiesSubjects = {
  list: 'entities.list',
  listProjectWide: 'entities.listProjectWide',
  get: 'entities.get',
  create: 'entities.create',
  update: 'entities.update',
  delete: 'entities.delete',
  makeProjectWide: 'entities.makeProjectWide',
  makeEnvironmentSpecific: 'entities.makeEnvironmentSpecific',
  dependents: 'entities.dependents',
  getFlagState: 'entities.flagState.get',
  updateFlagState: 'entities.flagState.update',
  listIdentityOverrides: 'entities.identityOverrides.list',
  setIdentityOverride: 'entities.identityOverrides.set',
  removeIdentityOverride: 'entities.identityOverrides.remove',
  recordEvaluations: 'entities.flagEvaluations.record',
  listTags: 'entities.tags.list',
  createTag: 'entities.tags.create',
  updateTag: 'entities.tags.update',
  deleteTag: 'entities.tags.delete',
} as const;

export type EntitiesSubject = SubjectOf<typeof EntitiesSubjects>;

/** Subject → request and response payload: lets a typed client and server agree by construction. */
export interface EntitiesRpc {
  'entities.list': { request: M.ListEntitiesRequest; response: M.ListEntitiesResponse };
  'entities.listProjectWide': { request: M.ListProjectWideRequest; response: M.ListEntitiesResponse };
  'entities.get': { request: M.GetEntityRequest; response: M.EntityResponse };
  'entities.create': { request: M.CreateEntityRequest; response: M.EntityResponse };
  'entities.update': { request: M.UpdateEntityRequest; response: M.EntityResponse };
  'entities.delete': { request: M.DeleteEntityRequest; response: M.NoContent };
  'entities.makeProjectWide': { request: M.MakeProjectWideRequest; response: M.MakeProjectWideResponse };
  'entities.makeEnvironmentSpecific': { request: M.MakeEnvironmentSpecificRequest; response: M.EntityResponse };
  'entities.dependents': { request: M.DependentsRequest; response: M.DependentsResponse };
  'entities.flagState.get': { request: M.GetFlagStateRequest; response: M.FlagStateResponse };
  'entities.flagState.update': { request: M.UpdateFlagStateRequest; response: M.FlagStateResponse };
  'entities.identityOverrides.list': { request: M.ListIdentityOverridesRequest; response: M.ListIdentityOverridesResponse };
  'entities.identityOverrides.set': { request: M.SetIdentityOverrideRequest; response: M.SetIdentityOverrideResponse };
  'entities.identityOverrides.remove': { request: M.RemoveIdentityOverrideRequest; response: M.NoContent };
  'entities.flagEvaluations.record': { request: M.RecordEvaluationsRequest; response: M.RecordEvaluationsResponse };
  'entities.tags.list': { request: M.ListTagsRequest; response: M.ListTagsResponse };
  'entities.tags.create': { request: M.CreateTagRequest; response: M.TagResponse };
  'entities.tags.update': { request: M.UpdateTagRequest; response: M.TagResponse };
  'entities.tags.delete': { request: M.DeleteTagRequest; response: M.NoContent };
}

export type EntitiesRequest<S extends EntitiesSubject> = RequestOf<EntitiesRpc, S>;
export type EntitiesResponse<S extends EntitiesSubject> = ResponseOf<EntitiesRpc, S>;

// Fails to compile when a subject has no entry in EntitiesRpc or vice versa.
true satisfies CoversSubjects<EntitiesSubject, EntitiesRpc>;
