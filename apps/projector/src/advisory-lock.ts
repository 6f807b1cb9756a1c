import pg from 'pg';

export interface AdvisoryLockOptions {
  /** The PostgreSQL the lock lives in (advisory locks are per database). */
  connectionString: string;
  /** What the lock guards; hashed to the lock's 64-bit key. */
  key: string;
  /** While held, how often the connection is checked. */
  heartbeatMs?: number;
  /** How long a check may take before the connection counts as lost. */
  heartbeatTimeoutMs?: number;
}

/** The lock's key as PostgreSQL computes it from the text: the same in every process. */
const KEY = 'hashtextextended($1, 0)';

/**
 * A session-level PostgreSQL advisory lock on a connection of its own, not from a pool: the lock
 * is held exactly as long as that session lives, so when the holder dies (a crash, kill -9, a
 * dropped network) PostgreSQL releases it with the connection and a standby's next
 * `tryAcquire` succeeds.
 *
 * While held, a heartbeat checks the session every `heartbeatMs`. If the connection fails (an
 * error, the server ending it, a check that does not answer in time), `lost` resolves and the
 * holder must stop its work at once: PostgreSQL may already have handed the lock to another
 * process.
 */
export class AdvisoryLock {
  private client?: pg.Client;
  private heartbeat?: NodeJS.Timeout;
  private held = false;
  private backend?: number;
  private markLost: (reason: string) => void = () => undefined;
  private lostPromise: Promise<string> = new Promise(() => undefined);
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(private readonly options: AdvisoryLockOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? Math.max(5000, this.heartbeatMs * 3);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** The PostgreSQL backend pid of the lock's session (pg_locks.pid), once connected. */
  get backendPid(): number | undefined {
    return this.backend;
  }

  /** Resolves with the reason once a held lock's connection has failed. */
  get lost(): Promise<string> {
    return this.lostPromise;
  }

  /**
   * Takes the lock if nobody holds it; false if another session does. Connects first if needed;
   * a connection error is thrown (the caller retries later).
   */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = await this.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(${KEY}) as locked`,
      [this.options.key],
    );
    if (!rows[0]?.locked) return false;
    this.held = true;
    this.lostPromise = new Promise((resolve) => {
      this.markLost = (reason) => {
        if (!this.held) return;
        this.held = false;
        this.stopHeartbeat();
        // The session may still be open on the server; end it so the lock is surely let go.
        this.discard();
        resolve(reason);
      };
    });
    this.startHeartbeat(client);
    return true;
  }

  /** Gives the lock back and closes its connection (a standby's too). */
  async release(): Promise<void> {
    this.stopHeartbeat();
    const client = this.client;
    this.client = undefined;
    const wasHeld = this.held;
    this.held = false;
    this.markLost = () => undefined;
    if (client === undefined) return;
    try {
      if (wasHeld) await client.query(`select pg_advisory_unlock(${KEY})`, [this.options.key]);
    } finally {
      // Ending the session releases the lock anyway, should the unlock have failed.
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<pg.Client> {
    if (this.client !== undefined) return this.client;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      connectionTimeoutMillis: 10_000,
      query_timeout: 15_000,
      application_name: 'poverty-monitor projector lock',
    });
    // Without listeners a dropped connection would crash the process.
    client.on('error', (error) => this.connectionFailed(client, error.message));
    client.on('end', () => this.connectionFailed(client, 'the lock connection was closed'));
    try {
      await client.connect();
      // The server frees an advisory lock only when it sees the session end. A host that loses
      // power or its network never ends it, and the server's own TCP keepalive defaults to two
      // hours, during which no standby could take over: probe the client within ~15 s instead.
      await client.query(
        'set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 3',
      );
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      this.backend = rows[0]?.pid;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private connectionFailed(client: pg.Client, reason: string): void {
    if (client !== this.client) return;
    if (this.held) {
      this.markLost(reason);
    } else {
      // A standby's connection: drop it; the next tryAcquire connects again.
      this.discard();
    }
  }

  private discard(): void {
    const client = this.client;
    this.client = undefined;
    this.backend = undefined;
    client?.end().catch(() => undefined);
  }

  private startHeartbeat(client: pg.Client): void {
    const beat = async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.query('select 1'),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${this.heartbeatTimeoutMs} ms`)),
              this.heartbeatTimeoutMs,
            );
          }),
        ]);
      } catch (error) {
        this.markLost(
          `lock connection check failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      } finally {
        clearTimeout(timer);
      }
      if (this.held && client === this.client) {
        this.heartbeat = setTimeout(() => void beat(), this.heartbeatMs);
      }
    };
    this.heartbeat = setTimeout(() => void beat(), this.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }
}
