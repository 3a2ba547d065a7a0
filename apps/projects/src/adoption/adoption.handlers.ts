import { Controller, Inject } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationError, type projects } from '@strata/contracts';
import { PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { authorize, visibility } from '../access/access';
import { now } from '../common/clock';
import { Handles, type Reply, type Req, S } from '../common/edge';
import type { EnvironmentState } from '../projects/environment';
import { EnvironmentReads } from '../projects/environment-reads';
import { environmentsWhere, findProject, type ProjectRow } from '../projects/projects.queries';
import { environmentTarget, projectTarget } from '../projects/visibility';
import { plannedReport } from './adoption-report';
import { AdoptionRunner } from './adoption-runner';
import { AdoptionServices, type AdoptionCalls } from './adoption-services';

type Request = Req<'projects.environments.adopt'>;

/**
 * `projects.environments.adopt` (SPEC §7): the report first — what taxonomy and entities say they would do — then,
 * unless it is a dry run or refused (409 with the report), the adoption started and driven to its end.
 */
@Controller()
export class AdoptionHandlers {
  private readonly environments: EnvironmentReads;

  constructor(
    private readonly store: PostgresEventStore,
    @Inject(AdoptionServices) private readonly services: AdoptionCalls,
    private readonly runner: AdoptionRunner,
  ) {
    this.environments = new EnvironmentReads(store.db);
  }

  @Handles(S.adoptEnvironment)
  async adopt(request: Request): Reply<'projects.environments.adopt'> {
    const { target, environment, source } = await this.sides(request);
    const report = await this.plan(request, { target, environment, source });
    if (report.status === 'refused') {
      throw new ConflictError(`The adoption is refused: ${report.refused_because.join(', ')}.`, 'adoption_refused', null, { ...report });
    }
    if (request.dryRun) return report;
    const started: projects.AdoptionStarted = {
      adoptionId: uuidv7(),
      environmentId: environment.environmentId,
      sourceProjectId: source.projectId,
      targetProjectId: target.projectId,
      acceptGroupTypeDisruption: request.acceptGroupTypeDisruption,
      name: report.environment.name_in_target,
      report,
      startedAt: now(),
    };
    return this.runner.start(started);
  }

  /** Both must be visible (404 alike otherwise), then the principal an admin of each (403). */
  private async sides({ principal, targetProjectId, environmentId }: Request): Promise<{ target: ProjectRow; environment: EnvironmentState; source: ProjectRow }> {
    const [target, environment] = await Promise.all([findProject(this.store.db, targetProjectId), this.environments.find(environmentId)]);
    if (target === null || visibility(principal, projectTarget(target)) === 'hidden') throw new NotFoundError('Project not found.');
    if (environment === null || visibility(principal, environmentTarget(environment)) === 'hidden') throw new NotFoundError('Environment not found.');
    authorize(principal, projectTarget(target), 'environment:adopt');
    authorize(principal, environmentTarget(environment), 'environment:move');
    if (environment.projectId === target.projectId) throw new ValidationError('The environment already belongs to this project.', 'environment_id');
    const source = await findProject(this.store.db, environment.projectId);
    if (source === null || source.organizationId !== target.organizationId) {
      throw new ValidationError('Environments move only between projects of one organization.', 'environment_id');
    }
    return { target, environment, source };
  }

  private async plan(request: Request, sides: { target: ProjectRow; environment: EnvironmentState; source: ProjectRow }): Promise<projects.AdoptionReport> {
    const { target, environment, source } = sides;
    const scope = { sourceProjectId: source.projectId, targetProjectId: target.projectId };
    const inOrganization = { organizationIds: [target.organizationId], environmentIds: null };
    const [taxonomy, entities, sourceEnvironments, targetEnvironments] = await Promise.all([
      this.services.call('taxonomy.adoption.plan', scope),
      this.services.call('entities.adoption.plan', { ...scope, environmentId: environment.environmentId }),
      environmentsWhere(this.store.db, { ...inOrganization, projectId: source.projectId }),
      environmentsWhere(this.store.db, { ...inOrganization, projectId: target.projectId }),
    ]);
    const sidesOfReport = {
      environment: { id: environment.environmentId, name: environment.name },
      source: { id: source.projectId, name: source.name, environmentCount: sourceEnvironments.length },
      target: { id: target.projectId, name: target.name, environmentNames: targetEnvironments.map((other) => other.name) },
    };
    return plannedReport(sidesOfReport, { taxonomy, entities }, request.acceptGroupTypeDisruption);
  }
}
