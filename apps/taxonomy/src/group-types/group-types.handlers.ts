import { Controller } from '@nestjs/common';
import { NotFoundError } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { Metrics } from '@strata/service-kit';
import type { Counter } from 'prom-client';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { groupTypeStreamId } from '../common/streams';
import { groupTypeBody, groupTypeDecider, resolution, type GroupTypeCommand } from './group-types';
import { groupTypesOf } from './group-types.queries';

/** Enough for every registrar of a project to win once: each retry follows a conflict another registrar won. */
const MAX_REGISTRATION_ATTEMPTS = 20;

/**
 * Group types of a project (SPEC §4.3). Registration is concurrency-safe by optimistic concurrency on the project's
 * registry stream: a registrar that lost the race reloads and decides again on the winner's state, where a type
 * already registered keeps its index and a new one takes the next free index.
 */
@Controller()
export class GroupTypesHandlers {
  private readonly conflicts: Counter;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
    metrics: Metrics,
  ) {
    this.conflicts = metrics.counter({ name: 'strata_taxonomy_registration_conflicts_total', help: 'Group type registrations that lost a race and decided again.' });
  }

  @Handles(S.resolveGroupTypes)
  async resolve({ projectId, groupTypes }: Req<'taxonomy.groupTypes.resolve'>): Reply<'taxonomy.groupTypes.resolve'> {
    const command: GroupTypeCommand = { type: 'RegisterGroupTypes', data: { projectId, groupTypes, registeredAt: new Date().toISOString() } };
    const { newState } = await handleCommand(this.store, groupTypeDecider, groupTypeStreamId(projectId), command, {
      retry: { attempts: MAX_REGISTRATION_ATTEMPTS, onConflict: () => this.conflicts.inc(), whenExhausted: (error) => error },
    });
    return resolution(newState, groupTypes);
  }

  @Handles(S.listGroupTypes)
  async list({ projectId }: Req<'taxonomy.groupTypes.list'>): Reply<'taxonomy.groupTypes.list'> {
    const results = await groupTypesOf(this.db, projectId);
    return { count: results.length, results };
  }

  @Handles(S.renameGroupType)
  async rename(request: Req<'taxonomy.groupTypes.rename'>): Reply<'taxonomy.groupTypes.rename'> {
    const { projectId, index } = request;
    const command: GroupTypeCommand = {
      type: 'RenameGroupType',
      data: { projectId, index, nameSingular: request.nameSingular, namePlural: request.namePlural },
    };
    const { newState, nextVersion } = await handleCommand(this.store, groupTypeDecider, groupTypeStreamId(projectId), command, {
      expectedVersion: request.ifMatch,
    });
    const mapping = newState.groupTypes.find((candidate) => candidate.index === index);
    if (mapping === undefined) throw new NotFoundError('Group type not found.');
    return { result: groupTypeBody(mapping), version: nextVersion };
  }
}
