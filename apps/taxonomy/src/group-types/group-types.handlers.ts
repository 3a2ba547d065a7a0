import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { handleCommand, PostgresEventStore } from '@strata/eventstore';
import { Metrics } from '@strata/service-kit';
import type { Counter } from 'prom-client';
import { parseRequest } from '../common/parse';
import { groupTypeStreamId } from '../common/streams';
import { groupTypeBody, groupTypeDecider, resolution, type GroupTypeCommand } from './group-types';
import { groupTypesOf } from './group-types.queries';

const S = taxonomy.TaxonomySubjects;
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

  @MessagePattern(S.resolveGroupTypes)
  async resolve(@Payload() payload: unknown): Promise<taxonomy.ResolveGroupTypesResponse> {
    const { projectId, groupTypes } = parseRequest(S.resolveGroupTypes, payload);
    const command: GroupTypeCommand = { type: 'RegisterGroupTypes', data: { projectId, groupTypes, registeredAt: new Date().toISOString() } };
    const { newState } = await handleCommand(this.store, groupTypeDecider, groupTypeStreamId(projectId), command, {
      retry: { attempts: MAX_REGISTRATION_ATTEMPTS, onConflict: () => this.conflicts.inc(), whenExhausted: (error) => error },
    });
    return resolution(newState, groupTypes);
  }

  @MessagePattern(S.listGroupTypes)
  async list(@Payload() payload: unknown): Promise<taxonomy.ListGroupTypesResponse> {
    const { projectId } = parseRequest(S.listGroupTypes, payload);
    const results = await groupTypesOf(this.db, projectId);
    return { count: results.length, results };
  }

  @MessagePattern(S.renameGroupType)
  async rename(@Payload() payload: unknown): Promise<taxonomy.RenameGroupTypeResponse> {
    const request = parseRequest(S.renameGroupType, payload);
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
