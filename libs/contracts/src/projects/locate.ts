import { z } from 'zod';

/**
 * Internal lookups for services keeping a mirror of projects (SPEC §3 read-your-writes): when their copy has not heard
 * of an environment or project yet, they ask the owner before answering "unknown". No principal: service to service.
 */
export const ProjectsLocateSubjects = {
  locateEnvironment: 'projects.environments.locate',
  locateProject: 'projects.projects.locate',
} as const;

export const locateEnvironmentRequestSchema = z.object({ environmentId: z.number().int().positive() });
export type LocateEnvironmentRequest = z.output<typeof locateEnvironmentRequestSchema>;

export interface EnvironmentLocation {
  environmentId: number;
  projectId: number;
  organizationId: string;
}

/** `null`: no such environment (never created, or deleted). */
export interface LocateEnvironmentResponse {
  environment: EnvironmentLocation | null;
}

export const locateProjectRequestSchema = z.object({ projectId: z.number().int().positive() });
export type LocateProjectRequest = z.output<typeof locateProjectRequestSchema>;

export interface ProjectLocation {
  projectId: number;
  organizationId: string;
  /** Its deletion was requested: other services remove what they hold for it. */
  deletionRequested: boolean;
  environmentIds: number[];
}

/** `null`: no such project (never created, or deleted). */
export interface LocateProjectResponse {
  project: ProjectLocation | null;
}
