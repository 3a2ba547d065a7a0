import { Controller } from '@nestjs/common';
import { entities, projects, type ResponseOf } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { ActorEmails, type ParsedRequest, requestHandlers } from '@strata/service-kit';
import { ProjectsActors } from './actors';
import { entityStream, flagStateStream } from '../common/streams';
import { entityBody, findVisible, type EntityRow } from '../entities/entities.queries';
import { activityPage, stateAt, versionsPage } from './history.queries';
import { restoreEntity, restoreFlagState } from './history.plans';

const S = entities.EntitiesHistorySubjects;
const Handles = requestHandlers(entities.EntitiesHistoryMessageSchemas);
type Rpc = entities.EntitiesHistoryRpc;
type Req<Subject extends keyof Rpc> = ParsedRequest<typeof entities.EntitiesHistoryMessageSchemas, Subject>;
type Reply<Subject extends keyof Rpc> = Promise<ResponseOf<Rpc, Subject>>;

/**
 * `entities.history.*` (SPEC §10): what the environment (or project) of the request sees, as for the entities
 * themselves — an entity's or a flag state's history only through an environment that sees the entity (404 otherwise).
 */
@Controller()
export class HistoryHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly actors: ProjectsActors,
    private readonly emails: ActorEmails,
  ) {}

  /** A page's actors named: the projects service is asked once for those this instance has not met. */
  private readonly named = (ids: Array<string | null>) => this.emails.named(ids, (userIds) => this.actors.call(projects.ProjectsActorsSubjects.resolve, { userIds }));

  @Handles(S.activity)
  async activity(request: Req<'entities.history.activity'>): Reply<'entities.history.activity'> {
    return activityPage(this.store.db, request);
  }

  @Handles(S.entityHistory)
  async entityHistory({ in: scope, kind, id, cursor, limit }: Req<'entities.history.entity'>): Reply<'entities.history.entity'> {
    const [, page] = await Promise.all([findVisible(this.store.db, { kind, ...scope }, id), versionsPage(this.store.db, entityStream(id), { cursor, limit }, this.named)]);
    return page;
  }

  @Handles(S.entityVersion)
  async entityVersion({ in: scope, kind, id, version }: Req<'entities.history.entityVersion'>): Reply<'entities.history.entityVersion'> {
    const current = await findVisible(this.store.db, { kind, ...scope }, id);
    const { entity } = await stateAt(this.store.db, entityStream(id), version, 'entity');
    const row: EntityRow = {
      ...current, fields: entity.fields, tags: entity.tags, version,
      project_id: String(entity.projectId), environment_id: entity.environmentId === null ? null : String(entity.environmentId),
      created_at: new Date(entity.createdAt), updated_at: new Date(entity.updatedAt),
    };
    return { result: entityBody(row), version };
  }

  @Handles(S.restoreEntity)
  async restoreEntity({ in: scope, kind, id, version, dryRun, ifMatch }: Req<'entities.history.restoreEntity'>): Reply<'entities.history.restoreEntity'> {
    return restoreEntity(this.store, { from: { kind, ...scope }, id, version, dryRun, ifMatch });
  }

  @Handles(S.flagStateHistory)
  async flagStateHistory({ in: scope, flagId, cursor, limit }: Req<'entities.history.flagState'>): Reply<'entities.history.flagState'> {
    const seen = findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    const [, page] = await Promise.all([seen, versionsPage(this.store.db, flagStateStream(flagId, scope.environmentId), { cursor, limit }, this.named)]);
    return page;
  }

  @Handles(S.flagStateVersion)
  async flagStateVersion({ in: scope, flagId, version }: Req<'entities.history.flagStateVersion'>): Reply<'entities.history.flagStateVersion'> {
    await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    const { state } = await stateAt(this.store.db, flagStateStream(flagId, scope.environmentId), version, 'flag_state');
    const result: entities.FlagState = {
      feature_flag_id: flagId, environment_id: scope.environmentId, enabled: state.enabled, feature_state_value: state.featureStateValue,
      multivariate_feature_state_values: state.multivariateValues, segment_overrides: state.segmentOverrides, version,
    };
    return { result, version };
  }

  @Handles(S.restoreFlagState)
  async restoreFlagState({ in: scope, flagId, version, dryRun, ifMatch }: Req<'entities.history.restoreFlagState'>): Reply<'entities.history.restoreFlagState'> {
    await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    return restoreFlagState(this.store, { in: scope, flagId, version, dryRun, ifMatch });
  }
}
