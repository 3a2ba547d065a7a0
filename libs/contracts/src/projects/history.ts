import { z } from 'zod';
import { cursorPage, filterSchema, type ActivityFilter, type ActivityRecord, type CursorPage, type CursorRequest } from '../common/history';
import { integerIdSchema } from '../common/schemas';

/**
 * The projects service's part of the change log (SPEC §10): projects, environments, their settings, access and keys.
 * The gateway has decided what the caller sees and names it: the project, and the environments whose own changes to
 * include; changes of the project itself (created, renamed) always come along.
 */
export const ProjectsHistorySubjects = {
  activity: 'projects.history.activity',
} as const;

export interface ProjectsActivityRequest extends CursorRequest {
  projectId: number;
  environmentIds: number[];
  filter: ActivityFilter;
}

export interface ProjectsHistoryRpc {
  'projects.history.activity': { request: ProjectsActivityRequest; response: CursorPage<ActivityRecord> };
}

export const ProjectsHistoryMessageSchemas = {
  [ProjectsHistorySubjects.activity]: z.object({ projectId: integerIdSchema, environmentIds: z.array(integerIdSchema).max(1_000), filter: filterSchema, ...cursorPage }),
} as const;
