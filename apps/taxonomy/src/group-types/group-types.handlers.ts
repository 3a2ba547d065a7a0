import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, taxonomy } from '@strata/contracts';
import { Database, isPgError, PgErrorCode } from '@strata/database';
import { ConcurrencyError, handleCommand, PostgresEventStore, retryOnConflict } from '@strata/eventstore';
import { Metrics } from '@strata/service-kit';
import type { Counter } from 'prom-client';
import { groupTypeBody, groupTypeDecider, groupTypeStreamId, resolution, type GroupTypeCommand } from '../domain';
import { parsePayload } from '../edge/parse';
import * as schemas from '../edge/schemas';

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
    const { projectId, groupTypes } = parsePayload(schemas.resolveGroupTypes, payload);
    const command: GroupTypeCommand = { type: 'RegisterGroupTypes', data: { projectId, groupTypes, registeredAt: new Date().toISOString() } };
    const register = () => handleCommand(this.store, groupTypeDecider, groupTypeStreamId(projectId), command);
    const { newState } = await retryOnConflict(register, {
      attempts: MAX_REGISTRATION_ATTEMPTS,
      isConflict: isRegistrationRace,
      onConflict: () => this.conflicts.inc(),
      whenExhausted: (error) => error,
    });
    return resolution(newState, groupTypes);
  }

  @MessagePattern(S.listGroupTypes)
  async list(@Payload() payload: unknown): Promise<taxonomy.ListGroupTypesResponse> {
    const { projectId } = parsePayload(schemas.listGroupTypes, payload);
    const rows = await this.db.query<GroupTypeRow>(
      'SELECT group_type, group_type_index, name_singular, name_plural FROM group_types WHERE project_id = $1 ORDER BY group_type_index',
      [projectId],
    );
    return { count: rows.length, results: rows };
  }

  @MessagePattern(S.renameGroupType)
  async rename(@Payload() payload: unknown): Promise<taxonomy.RenameGroupTypeResponse> {
    const request = parsePayload(schemas.renameGroupType, payload);
    const { projectId, index } = request;
    const command: GroupTypeCommand = {
      type: 'RenameGroupType',
      data: { projectId, index, nameSingular: request.name_singular, namePlural: request.name_plural },
    };
    const { newState, nextVersion } = await handleCommand(this.store, groupTypeDecider, groupTypeStreamId(projectId), command, {
      expectedVersion: request.ifMatch,
    });
    const mapping = newState.groupTypes.find((candidate) => candidate.index === index);
    if (mapping === undefined) throw new NotFoundError('Group type not found.');
    return { result: groupTypeBody(mapping), version: nextVersion };
  }
}

type GroupTypeRow = taxonomy.GroupType;

/** A lost append race, or (should a writer ever bypass the stream) the read model's unique backstop. */
function isRegistrationRace(error: unknown): boolean {
  return error instanceof ConcurrencyError || isPgError(error, PgErrorCode.uniqueViolation);
}
