import { changeLogProjection } from '@strata/service-kit';
import { ACTIVITY_EVENTS, entryOf, subjectsOf, type ActivityEvent, type StreamState } from './activity';

/**
 * The entities' change log (SPEC §10), kept by the service kit's `change_log` read model: in the append's transaction,
 * so a change is in the history as soon as it is answered, and rebuilt from the log like every read model
 * (`rebuild change_log`). A batch (an import's tens of thousands of events) costs one read and one insert.
 */
export const activityProjection = changeLogProjection<ActivityEvent, StreamState>({ handles: ACTIVITY_EVENTS, subjectsOf, entryOf });
