import { Injectable } from '@nestjs/common';
import type { projects } from '@strata/contracts';
import { ContractClient } from './contract-client';

@Injectable()
export class ProjectsClient extends ContractClient<projects.ProjectsRpc> {}
