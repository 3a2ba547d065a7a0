import { Module } from '@nestjs/common';
import { EnvironmentsHandlers } from './environments.handlers';
import { ProjectsHandlers } from './projects.handlers';

/** Projects and their environments: one aggregate per project, stream `project-<id>`. */
@Module({ controllers: [ProjectsHandlers, EnvironmentsHandlers] })
export class ProjectEnvironmentsModule {}
