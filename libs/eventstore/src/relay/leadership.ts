import type { Database, Queryable } from '@strata/database';
import type { PoolClient } from 'pg';

/**
 * The relay's own connection: it LISTENs for appends and holds a session advisory lock that makes one instance of a
 * service the relay. When the process or its connection dies, Postgres drops the lock and another instance takes over.
 */
export class RelayLeadership {
  private client?: PoolClient;
  private leader = false;
  /** Increments on every acquisition: a new term must reload the checkpoint another leader may have advanced. */
  term = 0;

  constructor(
    private readonly db: Database,
    private readonly channel: string,
    private readonly lockName: string,
    private readonly onNotify: () => void,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /**
   * The lock-holding session, for the relay's own reads and checkpoint writes: they never queue behind the service's
   * appends in the pool, and they fail as soon as the session (and with it the leadership) is gone.
   */
  get session(): Queryable {
    const client = this.client;
    if (!client || !this.leader) throw new Error('outbox relay is not the leader');
    return {
      async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
        return (await client.query(sql, params as unknown[])).rows as Row[];
      },
    };
  }

  /** Connects and LISTENs if needed, then tries for the lock; true while this instance is the relay. */
  async ensure(): Promise<boolean> {
    const client = this.client ?? (await this.connect());
    if (this.leader) return true;
    const [row] = (await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [this.lockName])).rows;
    if (row.locked === true) {
      this.leader = true;
      this.term += 1;
    }
    return this.leader;
  }

  /** Closing the session drops both the LISTEN and the lock. */
  release(): void {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    client?.release(true);
  }

  private async connect(): Promise<PoolClient> {
    const client = await this.db.connect();
    client.on('notification', () => this.onNotify());
    // A dropped connection has lost the lock: stop relaying until it is won again.
    client.on('error', () => {
      if (this.client === client) this.release();
    });
    try {
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
    return client;
  }
}
