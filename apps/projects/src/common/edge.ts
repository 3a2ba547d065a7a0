import { projects } from '@strata/contracts';
import { type ParsedRequest, requestHandlers } from '@strata/service-kit';

/** The service's subjects by name, as handlers name them: `@Handles(S.…)`. */
export const S = projects.ProjectsSubjects;

/** `@Handles(subject)`: a `projects.*` handler, handed its request validated with the schema its contract owns. */
export const Handles = requestHandlers(projects.ProjectsMessageSchemas);
export type Req<S extends projects.ProjectsSubject> = ParsedRequest<typeof projects.ProjectsMessageSchemas, S>;
export type Reply<S extends projects.ProjectsSubject> = Promise<projects.ProjectsResponse<S>>;
