import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { entities } from '@strata/contracts';
import { handleCommands, PostgresEventStore } from '@strata/eventstore';
import { parseRequest } from '../common/parse';
import { findVisible } from '../entities/entities.queries';
import { planIdentityOverride, planStateUpdate } from './flag-decisions';
import { defaultsOf } from './flag-state';
import { flagStateBody, flagStateOf, identityOverridesPage } from './flags.queries';

const S = entities.EntitiesSubjects;
type Rpc<K extends entities.EntitiesSubject> = entities.EntitiesResponse<K>;

/**
 * `entities.flagState.*` and `entities.identityOverrides.*` (SPEC §4.4): a flag's state and identity overrides in
 * the environment of the request, for a flag that environment sees (404 otherwise, as for the flag itself).
 */
@Controller()
export class FlagsHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.getFlagState)
  async getState(@Payload() payload: unknown): Promise<Rpc<'entities.flagState.get'>> {
    const { in: scope, flagId } = parseRequest(S.getFlagState, payload);
    return this.readState(scope, flagId);
  }

  @MessagePattern(S.updateFlagState)
  async updateState(@Payload() payload: unknown): Promise<Rpc<'entities.flagState.update'>> {
    const { in: scope, flagId, changes, ifMatch } = parseRequest(S.updateFlagState, payload);
    await handleCommands(this.store, () => planStateUpdate(this.store, { in: scope, flagId, changes, ifMatch }));
    return this.readState(scope, flagId);
  }

  @MessagePattern(S.listIdentityOverrides)
  async listIdentityOverrides(@Payload() payload: unknown): Promise<Rpc<'entities.identityOverrides.list'>> {
    const { in: scope, flagId, page } = parseRequest(S.listIdentityOverrides, payload);
    await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    return identityOverridesPage(this.store.db, flagId, scope.environmentId, page);
  }

  /** An upsert: the identity's override is what was sent, whether or not it had one. */
  @MessagePattern(S.setIdentityOverride)
  async setIdentityOverride(@Payload() payload: unknown): Promise<Rpc<'entities.identityOverrides.set'>> {
    const { in: scope, flagId, identifier, enabled, featureStateValue } = parseRequest(S.setIdentityOverride, payload);
    const identity = { flagId, ...scope, identifier };
    const value = featureStateValue ?? null;
    await handleCommands(this.store, () => planIdentityOverride(this.store, { type: 'SetIdentityOverride', data: { identity, enabled, featureStateValue: value } }));
    return { identifier, enabled, feature_state_value: value };
  }

  @MessagePattern(S.removeIdentityOverride)
  async removeIdentityOverride(@Payload() payload: unknown): Promise<Rpc<'entities.identityOverrides.remove'>> {
    const { in: scope, flagId, identifier } = parseRequest(S.removeIdentityOverride, payload);
    await handleCommands(this.store, () => planIdentityOverride(this.store, { type: 'RemoveIdentityOverride', data: { identity: { flagId, ...scope, identifier } } }));
    return {};
  }

  private async readState(scope: entities.EnvironmentScope, flagId: string): Promise<entities.FlagStateResponse> {
    const flag = await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    const defaults = defaultsOf(flag.fields as Partial<entities.KindFields<'feature_flag'>>);
    return flagStateBody(flagId, scope.environmentId, defaults, await flagStateOf(this.store.db, flagId, scope.environmentId));
  }
}
