import { ensureEventStream } from '@strata/eventstore';
import { follow, type StreamFollower } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import type { FlagsModel } from './flags-model';

const PROJECTS_EVENTS = [
  'EnvironmentCreated',
  'EnvironmentMovedIn',
  'EnvironmentSettingsChanged',
  'EnvironmentRenamed',
  'EnvironmentTokenReset',
  'ServerKeyCreated',
  'ServerKeyRevoked',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
] as const;

const ENTITIES_EVENTS = [
  'EntityCreated',
  'EntityUpdated',
  'EntityMadeProjectWide',
  'EntityMadeEnvironmentSpecific',
  'EntityMovedToProject',
  'EntityDeleted',
  'FlagStateChanged',
  'FlagStateLeft',
  'ProjectRolloutGroupsChanged',
  'IdentityOverrideSet',
  'IdentityOverrideRemoved',
  'EnvironmentEntitiesRemoved',
  'ProjectEntitiesRemoved',
] as const;

/**
 * Feeds the model from the projects and entities streams: replayed from their first event at start (the service is
 * ready only once caught up), then followed live — a change reaches answers in milliseconds. Every instance reads
 * everything, so instances answer alike.
 */
export class ModelFeed {
  private readonly followers: StreamFollower[] = [];
  private caughtUp = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly model: FlagsModel,
    /** After each applied event: the service's model age (`strata_model_age_seconds`). */
    private readonly onApplied: () => void = () => undefined,
  ) {}

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  get applied(): number {
    return this.followers.reduce((sum, follower) => sum + follower.applied, 0);
  }

  async start(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    for (const service of ['projects', 'entities'] as const) await ensureEventStream(jsm, service, this.prefix);
    const { nc, prefix, model, onApplied } = this;
    this.followers.push(follow({ nc, prefix, from: 'projects', events: PROJECTS_EVENTS, handle: (event) => { model.applyProjects(event); onApplied(); } }));
    this.followers.push(follow({ nc, prefix, from: 'entities', events: ENTITIES_EVENTS, handle: (event) => { model.applyEntities(event); onApplied(); } }));
    for (const follower of this.followers) await follower.start();
    await Promise.all(this.followers.map((follower) => follower.caughtUp));
    this.caughtUp = true;
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }
}
