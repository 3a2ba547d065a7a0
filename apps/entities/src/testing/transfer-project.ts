import { entities, exportFormat } from '@strata/contracts';
import type { EntitiesHarness } from './entities-harness';

const S = entities.EntitiesSubjects;
const T = entities.EntitiesTransferSubjects;

/** A project's environments as the export service names them, in the file's order. */
export interface ProjectEnvironments {
  projectId: number;
  environments: { id: number; name: string }[];
}

/** The whole file, read page by page (small pages, so the cursors are exercised) as the export service assembles it. */
export async function exportProject(service: EntitiesHarness, project: ProjectEnvironments, includeIdentityOverrides: boolean, limit = 2): Promise<exportFormat.ExportFile> {
  const { projectId, environments } = project;
  const pages = async (section: entities.ExportSection, environment?: { id: number; name: string }) => {
    const all: entities.ExportPageResponse[] = [];
    let after: string | undefined;
    do {
      const page = await service.transfer(T.exportPage, { projectId, section, environment, environments, includeIdentityOverrides, after, limit });
      all.push(page);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return all;
  };
  // Pages carry their items as JSON text, comma-separated.
  const items = <T>(texts: (string | undefined)[]): T[] => JSON.parse(`[${texts.filter((text) => text).join(',')}]`) as T[];
  const file: exportFormat.ExportFile = {
    version: 1,
    exported_at: new Date().toISOString(),
    tags: items((await pages('tags')).map((page) => page.items)),
    segments: items((await pages('segments')).map((page) => page.items)),
    features: items((await pages('features')).map((page) => page.items)),
    environments: [],
  };
  for (const environment of environments) {
    const parts = (await pages('environment', environment)).map((page) => page.environment!);
    const overrides = includeIdentityOverrides ? { identity_overrides: items<exportFormat.ExportIdentityOverride>(parts.map((part) => part.identity_overrides)) } : {};
    const lists = { feature_states: items<exportFormat.ExportFeatureState>(parts.map((part) => part.feature_states)), feature_segments: items<exportFormat.ExportFeatureSegment>(parts.map((part) => part.feature_segments)) };
    file.environments.push({ name: environment.name, ...lists, ...overrides });
  }
  return file;
}

let imports = 0;

/** Stages the file in chunks (at least three, each under a NATS message) and applies it, as the export service's import job does. */
export async function importFile(
  service: EntitiesHarness,
  project: ProjectEnvironments,
  file: unknown,
  options: { strategy: exportFormat.ImportStrategy; includeIdentityOverrides?: boolean; dryRun?: boolean; importId?: string },
): Promise<entities.ApplyImportResponse> {
  const importId = options.importId ?? `import-${process.pid}-${++imports}`;
  const text = JSON.stringify(file);
  const chunks = Math.max(3, Math.ceil(text.length / 800_000));
  const size = Math.ceil(text.length / chunks);
  for (let chunk = 0; chunk < chunks; chunk++) {
    await service.transfer(T.stageImport, { importId, projectId: project.projectId, chunk, chunks, text: text.slice(chunk * size, (chunk + 1) * size) });
  }
  const environmentIds = Object.fromEntries(project.environments.map((environment) => [environment.name, environment.id]));
  return service.transfer(T.applyImport, {
    importId,
    projectId: project.projectId,
    strategy: options.strategy,
    includeIdentityOverrides: options.includeIdentityOverrides ?? false,
    dryRun: options.dryRun ?? false,
    environmentIds,
  }, 600_000);
}

/**
 * A rich project: tags, a project-wide action, nested segment rules with IN_COHORT and PERFORMED_ACTION, a cohort of
 * one environment, a multivariate flag with rollout groups of both scopes, a flag of one environment, a flag never set,
 * identity overrides.
 */
export async function richProject(service: EntitiesHarness, project: ProjectEnvironments): Promise<void> {
  const [a, b] = project.environments.map((environment) => ({ projectId: project.projectId, environmentId: environment.id }));
  await service.ask(S.createTag, { projectId: project.projectId, label: 'core', color: '#ff0000', description: 'Core features', isPermanent: true });
  const checkout = await service.create(a, 'action', { name: 'Checkout' }, true);
  const buyers = await service.create(a, 'cohort', nestedRules('buyers', checkout.id), true);
  const loyal = await service.create(a, 'cohort', { name: 'loyal', description: 'Come back', rules: [{ type: 'ANY', rules: [], conditions: [{ property_: '', operator: 'IN_COHORT', value: buyers.id }] }] }, true);
  const staff = await service.create(a, 'cohort', { name: 'staff', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'email', operator: 'CONTAINS', value: '@strata.dev' }] }] });
  const options = [
    { type: 'unicode', string_value: 'red', default_percentage_allocation: 30 },
    { type: 'unicode', string_value: 'blue', default_percentage_allocation: 20 },
  ];
  const flag = await service.create(a, 'feature_flag', { key: 'checkout_v2', description: 'New checkout', initial_value: 'v1', multivariate_options: options }, true);
  await service.ask(S.update, { in: a, kind: 'feature_flag', id: flag.id, changes: {}, tags: ['core', 'payments'] });
  await service.create(b, 'feature_flag', { key: 'beta_banner', default_enabled: true, initial_value: 'hello' });
  await service.create(a, 'feature_flag', { key: 'plain', is_server_key_only: true }, true);
  const group = (segment: string, priority: number, scope: 'environment' | 'project') => ({ segment_id: segment, priority, scope, enabled: true, feature_state_value: { type: 'unicode' as const, string_value: `for-${priority}` }, multivariate_feature_state_values: [{ multivariate_feature_option: 1, percentage_allocation: 100 }] });
  await service.ask(S.updateFlagState, {
    in: a,
    flagId: flag.id,
    changes: { enabled: true, feature_state_value: { type: 'unicode', string_value: 'v2' }, multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 50 }], segment_overrides: [group(loyal.id, 1, 'project'), group(staff.id, 2, 'environment')] },
  });
  await service.ask(S.updateFlagState, { in: b, flagId: flag.id, changes: { enabled: false, segment_overrides: [group(loyal.id, 1, 'project'), group(buyers.id, 3, 'environment')] } });
  for (const identifier of ['user-2', 'user-1']) await service.ask(S.setIdentityOverride, { in: a, flagId: flag.id, identifier, enabled: true, featureStateValue: { type: 'unicode', string_value: identifier } });
}

function nestedRules(name: string, actionId: string): Record<string, unknown> {
  const inner = { type: 'ANY', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }, { property_: 'seats', operator: 'GREATER_THAN', value: '10' }] };
  return { name, description: 'Paying users', rules: [{ type: 'ALL', rules: [inner], conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: actionId }] }] };
}

/** The file without what differs by nature between two exports. */
export function comparable(file: exportFormat.ExportFile): Omit<exportFormat.ExportFile, 'exported_at'> {
  const { exported_at: _at, ...rest } = file;
  return rest;
}
