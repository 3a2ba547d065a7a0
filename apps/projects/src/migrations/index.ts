import type { MigrationSet } from '@strata/database';
import { CreateReadModels } from './0001-read-models';
import { CreateServerKeys } from './0002-server-keys';
import { CreateAdoptions } from './0003-adoptions';
import { IndexApiKeysByUser } from './0005-api-keys-by-user';
import { CreateChangeLog } from '@strata/service-kit';

/** In order; names are recorded where they ran, so never rename one. */
export const projectsMigrations: MigrationSet['migrations'] = [
  { name: 'projects-0001-read-models', class: CreateReadModels },
  { name: 'projects-0002-server-keys', class: CreateServerKeys },
  { name: 'projects-0003-adoptions', class: CreateAdoptions },
  { name: 'projects-0004-change-log', class: CreateChangeLog },
  { name: 'projects-0005-api-keys-by-user', class: IndexApiKeysByUser },
];
