import { Module } from '@nestjs/common';
import { EnvironmentLocatorHandlers } from './environment-locator.handlers';
import { EnvironmentsHandlers } from './environments.handlers';
import { ProjectsHandlers } from './projects.handlers';
import { ServerKeysHandlers } from './server-keys.handlers';

/** Projects and their environments (with their server keys): one aggregate per project, stream `project-<id>`. */
@Module({ controllers: [ProjectsHandlers, EnvironmentsHandlers, ServerKeysHandlers, EnvironmentLocatorHandlers] })
export class ProjectEnvironmentsModule {}
