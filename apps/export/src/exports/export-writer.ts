import { Inject, Injectable } from '@nestjs/common';
import { entities, projects } from '@strata/contracts';
import { canonicalJson } from '@strata/rules';
import { Database } from '@strata/database';
import { aheadInOrder } from '@strata/messaging';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { environmentsOf, projectAdministeredBy } from '../access/project-access';
import { OtherServices, retryingForJobs, type Services } from '../access/services';
import type { ExportConfig } from '../config';
import { ExportFileWriter } from './export-file';

const T = entities.EntitiesTransferSubjects;
/** Environments whose lists are read ahead of the one being written (each is a few pages from entities). */
const ENVIRONMENTS_AHEAD = 3;

export interface ExportJobRow {
  id: string;
  project_id: string;
  include_identity_overrides: boolean;
  principal: projects.Principal;
}

type FileEnvironment = { id: number; name: string };
/** An environment's lists, in canonical order. */
const LISTS = ['feature_states', 'feature_segments', 'identity_overrides'] as const;
type ListName = (typeof LISTS)[number];

/**
 * Writes a project's export file (SPEC §6, version 1): the sections the entities service pages out in the file's
 * shapes, and each environment the asker sees with its settings from the projects service. SDK keys never leave.
 * A few environments' lists are held at a time (read ahead of the one written); everything else goes to the file as
 * it arrives.
 */
@Injectable()
export class ExportWriter {
  /** Its calls nobody answered are sent again: an export asked for while entities restarts waits for it. */
  private readonly services: Services;

  constructor(
    services: OtherServices,
    private readonly db: Database,
    @Inject(SERVICE_CONFIG) private readonly config: ExportConfig,
  ) {
    this.services = retryingForJobs(services, config.JOB_RETRY_MS);
  }

  async write(job: ExportJobRow): Promise<{ bytes: number; chunks: number }> {
    const projectId = Number(job.project_id);
    await projectAdministeredBy(this.services, job.principal, projectId);
    const environments = await environmentsOf(this.services, job.principal, projectId);
    // The file's environments, in its order: entities names environment-specific entities' owners from them.
    const fileEnvironments = environments.map(({ id, name }) => ({ id, name }));
    const file = new ExportFileWriter(this.db, job.id, new Date(Date.now() + this.config.EXPORT_FILE_TTL_MS));
    await file.begin();
    await file.write(`{"version":1,"exported_at":${JSON.stringify(new Date().toISOString())}`);
    for (const section of ['tags', 'segments', 'features'] as const) {
      await file.write(`,"${section}":[`);
      let first = true;
      // Pages arrive as the items' JSON text, written as it is.
      for await (const page of this.pages(projectId, section, fileEnvironments)) {
        if (!page.items) continue;
        await file.write((first ? '' : ',') + page.items);
        first = false;
      }
      await file.write(']');
    }
    await file.write(',"environments":[');
    // The next environments' lists are read while one is written: a few are held at a time, never the whole file.
    const lists = aheadInOrder(environments.length, (index) => this.environmentLists(projectId, environments[index], fileEnvironments, job.include_identity_overrides), ENVIRONMENTS_AHEAD);
    let index = 0;
    for await (const list of lists) {
      const environment = environments[index];
      // The lists come last in canonical order, after the name and settings: they are appended to that object's text.
      const head = canonicalJson({ name: environment.name, ...settingsOf(environment) }).slice(0, -1);
      await file.write(`${index++ === 0 ? '' : ','}${head},${list}}`);
    }
    await file.write(']}');
    return file.end();
  }

  /** One environment's lists as the text of their fields: `"feature_states":[…],"feature_segments":[…]`. */
  private async environmentLists(projectId: number, environment: projects.Environment, environments: FileEnvironment[], includeIdentityOverrides: boolean): Promise<string> {
    const lists: Record<ListName, string[]> = { feature_states: [], feature_segments: [], identity_overrides: [] };
    const target = { id: environment.id, name: environment.name };
    for await (const page of this.pages(projectId, 'environment', environments, target, includeIdentityOverrides)) {
      for (const name of LISTS) {
        const text = page.environment?.[name];
        if (text) lists[name].push(text);
      }
    }
    const written = includeIdentityOverrides ? LISTS : LISTS.filter((name) => name !== 'identity_overrides');
    return written.map((name) => `"${name}":[${lists[name].join(',')}]`).join(',');
  }

  private async *pages(
    projectId: number,
    section: entities.ExportSection,
    environments: FileEnvironment[],
    environment?: FileEnvironment,
    includeIdentityOverrides = false,
  ): AsyncGenerator<entities.ExportPageResponse> {
    let after: string | undefined;
    do {
      const page = await this.services.call(T.exportPage, { projectId, section, environments, environment, includeIdentityOverrides, after }, { timeoutMs: this.config.JOB_RPC_TIMEOUT_MS });
      yield page;
      after = page.next ?? undefined;
    } while (after !== undefined);
  }
}

function settingsOf(environment: projects.Environment): projects.EnvironmentSettings {
  return projects.environmentSettingsOf(environment);
}
