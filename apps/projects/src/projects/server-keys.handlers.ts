import { Controller } from '@nestjs/common';
import { PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { now } from '../common/clock';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { newServerKey } from '../common/secrets';
import { changeEnvironment, environmentAfter, environmentFor } from './environment-change';
import { ownerOfSdkKey, serverKeysOf } from './server-keys.queries';

/**
 * `projects.serverKeys.*`: server-side SDK keys of an environment (SPEC §4.5), admins of the environment only (404
 * when it is hidden, 403 when merely visible). The secret is drawn here, shown once in the create reply, and kept
 * only as its sha256. `projects.sdkKeys.resolve` tells any SDK key's environment, service to service.
 */
@Controller()
export class ServerKeysHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.listServerKeys)
  async list({ principal, environmentId }: Req<'projects.serverKeys.list'>): Reply<'projects.serverKeys.list'> {
    await environmentFor(this.store.db, { principal, environmentId }, 'environment:server_keys');
    const results = await serverKeysOf(this.store.db, environmentId);
    return { count: results.length, results };
  }

  @Handles(S.createServerKey)
  async create({ principal, environmentId, name }: Req<'projects.serverKeys.create'>): Reply<'projects.serverKeys.create'> {
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
  @Handles(S.revokeServerKey)
  async revoke({ principal, environmentId, keyId }: Req<'projects.serverKeys.revoke'>): Reply<'projects.serverKeys.revoke'> {
    await changeEnvironment(this.store, { principal, environmentId }, ['environment:server_keys'], () => ({
      type: 'RevokeServerKey',
      data: { environmentId, keyId },
    }));
    return {};
  }

  @Handles(S.resolveSdkKey)
  async resolve({ secretHash }: Req<'projects.sdkKeys.resolve'>): Reply<'projects.sdkKeys.resolve'> {
    return { key: await ownerOfSdkKey(this.store.db, secretHash) };
  }
}
