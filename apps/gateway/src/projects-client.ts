import { Injectable } from '@nestjs/common';
import type { projects } from '@strata/contracts';
import { Services } from './services';

/** The projects service's request/reply contracts, typed by subject: a wrong payload does not compile. */
@Injectable()
export class ProjectsClient {
  constructor(private readonly services: Services) {}

  call<Subject extends projects.ProjectsSubject>(
    subject: Subject,
    request: projects.ProjectsRequest<Subject>,
  ): Promise<projects.ProjectsResponse<Subject>> {
    return this.services.request<projects.ProjectsResponse<Subject>>(subject, request);
  }
}
