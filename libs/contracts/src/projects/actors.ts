import { z } from 'zod';
import { uuidSchema } from '../common/schemas';

/**
 * Who acted, for history and activity (SPEC §10): the users named by a page of entries, resolved in one request —
 * never one per entry. Unknown ids are left out of the answer.
 */
export const ProjectsActorsSubjects = {
  resolve: 'projects.actors.resolve',
} as const;

export interface Actor {
  id: string;
  email: string;
}

export interface ResolveActorsRequest {
  userIds: string[];
}

export interface ProjectsActorsRpc {
  'projects.actors.resolve': { request: ResolveActorsRequest; response: { actors: Actor[] } };
}

export const ProjectsActorsMessageSchemas = {
  [ProjectsActorsSubjects.resolve]: z.object({ userIds: z.array(uuidSchema).max(1_000) }),
} as const;
