import { Module } from '@nestjs/common';
import { EnvironmentLocatorHandlers } from './environment-locator.handlers';
import { EnvironmentsHandlers } from './environments.handlers';
import { ProjectsHandlers } from './projects.handlers';

/** Projects and their environments: one aggregate per project, stream `project-<id>`. */
@Module({ controllers: [ProjectsHandlers, EnvironmentsHandlers, EnvironmentLocatorHandlers] })
export class ProjectEnvironmentsModule {}
