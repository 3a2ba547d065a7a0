import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, projects } from '@strata/contracts';
import { PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { authorize } from '../access/access';
import { now } from '../common/clock';
import { parseRequest } from '../common/edge';
import { newServerKey } from '../common/secrets';
import { changeEnvironment, environmentAfter } from './environment-change';
import { findEnvironment } from './projects.queries';
import { ownerOfSdkKey, serverKeysOf } from './server-keys.queries';
import { environmentTarget } from './visibility';

const S = projects.ProjectsSubjects;
type Rpc<K extends keyof projects.ProjectsRpc> = projects.ProjectsRpc[K]['response'];

/**
 * `projects.serverKeys.*`: server-side SDK keys of an environment (SPEC §4.5), admins of the environment only (404
 * when it is hidden, 403 when merely visible). The secret is drawn here, shown once in the create reply, and kept
 * only as its sha256. `projects.sdkKeys.resolve` tells any SDK key's environment, service to service.
 */
@Controller()
export class ServerKeysHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.listServerKeys)
  async list(@Payload() payload: unknown): Promise<Rpc<'projects.serverKeys.list'>> {
    const { principal, environmentId } = parseRequest(S.listServerKeys, payload);
    const environment = await findEnvironment(this.store.db, environmentId);
    if (environment === null) throw new NotFoundError('Environment not found.');
    authorize(principal, environmentTarget(environment), 'environment:server_keys');
    const results = await serverKeysOf(this.store.db, environmentId);
    return { count: results.length, results };
  }

  @MessagePattern(S.createServerKey)
  async create(@Payload() payload: unknown): Promise<Rpc<'projects.serverKeys.create'>> {
    const { principal, environmentId, name } = parseRequest(S.createServerKey, payload);
    // Drawn once: a retry after a lost race decides again with the same id and secret.
    const keyId = uuidv7();
    const secret = newServerKey();
    const change = await changeEnvironment(this.store, { principal, environmentId }, ['environment:server_keys'], () => ({
      type: 'CreateServerKey',
      data: { environmentId, keyId, name, secret, createdAt: now() },
    }));
    const created = environmentAfter(change, environmentId).serverKeys.find((key) => key.keyId === keyId);
    if (created === undefined) throw new Error(`server key ${keyId} was decided but is not in its environment`);
    return { id: created.keyId, name: created.name, visible_prefix: created.visiblePrefix, created_at: created.createdAt, key: secret };
  }

  /** The key leaves the read model in the append's transaction: it resolves nothing once this answers. */
  @MessagePattern(S.revokeServerKey)
  async revoke(@Payload() payload: unknown): Promise<Rpc<'projects.serverKeys.revoke'>> {
    const { principal, environmentId, keyId } = parseRequest(S.revokeServerKey, payload);
    await changeEnvironment(this.store, { principal, environmentId }, ['environment:server_keys'], () => ({
      type: 'RevokeServerKey',
      data: { environmentId, keyId },
    }));
    return {};
  }

  @MessagePattern(S.resolveSdkKey)
  async resolve(@Payload() payload: unknown): Promise<Rpc<'projects.sdkKeys.resolve'>> {
    const { secretHash } = parseRequest(S.resolveSdkKey, payload);
    return { key: await ownerOfSdkKey(this.store.db, secretHash) };
  }
}
