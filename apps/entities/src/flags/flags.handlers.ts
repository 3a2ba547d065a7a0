import { Controller } from '@nestjs/common';
import { entities } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import { handleCommands, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { findVisible } from '../entities/entities.queries';
import { planIdentityOverride, planStateUpdate } from './flags.plans';
import { flagStateBody, flagStateOf, identityOverridesPage } from './flags.queries';
import { evaluationsOf, recordEvaluations } from './evaluations.queries';

/**
 * `entities.flagState.*` and `entities.identityOverrides.*` (SPEC §4.4): a flag's state and identity overrides in
 * the environment of the request, for a flag that environment sees (404 otherwise, as for the flag itself).
 */
@Controller()
export class FlagsHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.getFlagState)
  async getState({ in: scope, flagId }: Req<'entities.flagState.get'>): Reply<'entities.flagState.get'> {
    return this.readState(scope, flagId);
  }

  @Handles(S.updateFlagState)
  async updateState({ in: scope, flagId, changes, ifMatch }: Req<'entities.flagState.update'>): Reply<'entities.flagState.update'> {
    await handleCommands(this.store, () => planStateUpdate(this.store, { in: scope, flagId, changes, ifMatch }));
    return this.readState(scope, flagId);
  }

  @Handles(S.listIdentityOverrides)
  async listIdentityOverrides({ in: scope, flagId, page }: Req<'entities.identityOverrides.list'>): Reply<'entities.identityOverrides.list'> {
    await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    return identityOverridesPage(this.store.db, flagId, scope.environmentId, page);
  }

  /** An upsert: the identity's override is what was sent, whether or not it had one. */
  @Handles(S.setIdentityOverride)
  async setIdentityOverride({ in: scope, flagId, identifier, enabled, featureStateValue }: Req<'entities.identityOverrides.set'>): Reply<'entities.identityOverrides.set'> {
    const identity = { flagId, ...scope, identifier };
    const value = featureStateValue ?? null;
    await handleCommands(this.store, () => planIdentityOverride(this.store, { type: 'SetIdentityOverride', data: { identity, enabled, featureStateValue: value } }));
    return { identifier, enabled, feature_state_value: value };
  }

  @Handles(S.removeIdentityOverride)
  async removeIdentityOverride({ in: scope, flagId, identifier }: Req<'entities.identityOverrides.remove'>): Reply<'entities.identityOverrides.remove'> {
    await handleCommands(this.store, () => planIdentityOverride(this.store, { type: 'RemoveIdentityOverride', data: { identity: { flagId, ...scope, identifier } } }));
    return {};
  }

  /** Counts an edge aggregated (`POST /api/v1/analytics/flags/`): added once per batch id. */
  @Handles(S.recordEvaluations)
  async recordEvaluations(batch: Req<'entities.flagEvaluations.record'>): Reply<'entities.flagEvaluations.record'> {
    return { recorded: await recordEvaluations(this.store.db, batch) };
  }

  private async readState(scope: entities.EnvironmentScope, flagId: string): Promise<entities.FlagStateResponse> {
    const flag = await findVisible(this.store.db, { kind: 'feature_flag', ...scope }, flagId);
    const defaults = flagDefaults(flag.fields as Partial<entities.KindFields<'feature_flag'>>);
    const [loaded, evaluations] = await Promise.all([flagStateOf(this.store.db, flagId, scope.environmentId), evaluationsOf(this.store.db, flagId, scope.environmentId)]);
    return flagStateBody(flagId, scope.environmentId, defaults, loaded, evaluations);
  }
}
