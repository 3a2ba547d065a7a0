import { ConflictError, type exportFormat, projects } from '@strata/contracts';
import { environmentsOf } from '../access/project-access';
import type { Services } from '../access/services';
import type { CreatedEnvironments } from './created-environments';

/**
 * The target environment of each environment the file names, matched by name case-insensitively (the first match).
 * Missing ones are created with the file's settings and a new SDK key — looked up by name first, so a resumed or
 * repeated import reuses what an earlier attempt created instead of creating it twice. A dry run creates nothing
 * (`created` undefined); a real import writes down what it creates.
 */
export async function targetEnvironments(
  services: Services,
  principal: projects.Principal,
  projectId: number,
  file: exportFormat.ExportFile,
  created: CreatedEnvironments | undefined,
): Promise<{ ids: Record<string, number>; existing: Set<string> }> {
  const byName = await environmentIdsByName(services, principal, projectId);
  const existing = new Set(file.environments.map((environment) => environment.name).filter((name) => byName.has(key(name))));
  const ids: Record<string, number> = {};
  for (const environment of file.environments) {
    let id = byName.get(key(environment.name));
    if (id === undefined && created !== undefined) {
      await created.creating(environment.name);
      id = await createEnvironment(services, principal, projectId, environment);
      await created.created(environment.name, id);
      byName.set(key(environment.name), id);
    }
    if (id !== undefined) ids[environment.name] = id;
  }
  return { ids, existing };
}

/** OVERWRITE_DESTRUCTIVE sets each named environment's settings to the file's (SPEC §6); they are the projects service's. */
export async function overwriteSettings(
  services: Services,
  principal: projects.Principal,
  file: exportFormat.ExportFile,
  ids: Record<string, number>,
  existing: Set<string>,
): Promise<void> {
  for (const environment of file.environments) {
    const id = ids[environment.name];
    if (id === undefined || !existing.has(environment.name)) continue;
    await services.call(projects.ProjectsSubjects.updateEnvironment, { principal, environmentId: id, changes: { settings: settingsOf(environment) } });
  }
}

async function environmentIdsByName(services: Services, principal: projects.Principal, projectId: number): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  for (const environment of await environmentsOf(services, principal, projectId)) if (!byName.has(key(environment.name))) byName.set(key(environment.name), environment.id);
  return byName;
}

async function createEnvironment(services: Services, principal: projects.Principal, projectId: number, environment: exportFormat.ExportEnvironment): Promise<number> {
  try {
    const { result } = await services.call(projects.ProjectsSubjects.createEnvironment, {
      principal,
      projectId,
      environment: { name: environment.name, settings: settingsOf(environment) },
    });
    return result.id;
  } catch (error) {
    // Created in between (by an attempt whose answer was lost): the name is taken by the one to reuse.
    if (!(error instanceof ConflictError)) throw error;
    const id = (await environmentIdsByName(services, principal, projectId)).get(key(environment.name));
    if (id === undefined) throw error;
    return id;
  }
}

function settingsOf(environment: exportFormat.ExportEnvironment): Partial<projects.EnvironmentSettings> {
  const settings: Record<string, unknown> = {};
  for (const name of projects.ENVIRONMENT_SETTING_NAMES) if (environment[name] !== undefined) settings[name] = environment[name];
  return settings as Partial<projects.EnvironmentSettings>;
}

function key(name: string): string {
  return name.trim().toLowerCase();
}
