import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { all, api, type ApiError } from './api/client';
import type { CurrentUser, Environment, Project } from './api/types';
import { asApiError } from './ui';

/** What the switcher and every page share: who the key is, and the projects and environments it sees. */
export interface Workspace {
  me: CurrentUser;
  projects: Project[];
  environments: Environment[];
  reload: () => Promise<void>;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside WorkspaceProvider');
  return workspace;
}

async function loadWorkspace(): Promise<Omit<Workspace, 'reload'>> {
  const [me, projects, environments] = await Promise.all([
    api<CurrentUser>('GET', '/api/users/@me'),
    all<Project>('/api/v2/projects/'),
    all<Environment>('/api/v2/environments/'),
  ]);
  return { me, projects, environments };
}

export function WorkspaceProvider({ children, fallback }: { children: ReactNode; fallback: (error: ApiError | undefined) => ReactNode }) {
  const [state, setState] = useState<Omit<Workspace, 'reload'>>();
  const [error, setError] = useState<ApiError>();
  const reload = useCallback(async () => {
    try {
      setState(await loadWorkspace());
      setError(undefined);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (!state) return <>{fallback(error)}</>;
  return <WorkspaceContext.Provider value={{ ...state, reload }}>{children}</WorkspaceContext.Provider>;
}

/** The projects of an organization, each with the environments this key sees, in creation order. */
export function projectSections(workspace: Workspace, organizationId: string): { project: Project; environments: Environment[] }[] {
  return workspace.projects
    .filter((project) => project.organization_id === organizationId)
    .map((project) => ({ project, environments: projectEnvironments(workspace, project.id) }))
    .filter((section) => section.environments.length > 0)
    .sort((a, b) => a.project.id - b.project.id);
}

/** The environments of one project this key sees, in creation order. */
export function projectEnvironments(workspace: Workspace, projectId: number): Environment[] {
  return workspace.environments.filter((environment) => environment.project_id === projectId).sort((a, b) => a.id - b.id);
}

export function levelIn(workspace: Workspace, organizationId: string): number {
  return workspace.me.organizations.find((organization) => organization.id === organizationId)?.level ?? 0;
}
