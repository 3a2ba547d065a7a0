import type { entities, projects, taxonomy } from '@strata/contracts';
import type * as Console from './src/api/types';

/**
 * The console declares the API's bodies on its own (its build is for the browser; the contracts library also holds
 * Node-only code), so here, where the root typecheck sees both, each is checked to read every body the contract allows:
 * a change of the API that the console has not followed fails to compile.
 */
type Reads<Console, Api> = [Api] extends [Console] ? true : false;
const _inSync: [
  Reads<Console.User, projects.User>,
  Reads<Console.Organization, projects.Organization>,
  Reads<Console.CurrentUser, projects.CurrentUser>,
  Reads<Console.Project, projects.Project>,
  Reads<Console.Environment, projects.Environment>,
  Reads<Console.Member, projects.Member>,
  Reads<Console.Grant, projects.EnvironmentGrant>,
  Reads<Console.ServerKey, projects.ServerKey>,
  Reads<Console.PersonalApiKey, projects.PersonalApiKeyWithSecret>,
  Reads<Console.GroupType, taxonomy.GroupType>,
  Reads<Console.EventDefinition, taxonomy.EventDefinition>,
  Reads<Console.PropertyDefinition, taxonomy.PropertyDefinition>,
  Reads<Console.FlagState, entities.FlagStateResponse['result']>,
  Reads<Console.IdentityOverride, entities.IdentityOverride>,
  Reads<Console.AdoptionReport, projects.AdoptionReport>,
  Reads<Console.AdoptionRefusal, projects.AdoptionRefusal>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void _inSync;
