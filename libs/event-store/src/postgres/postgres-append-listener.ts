import pg from 'pg';
import type { ChangeNotifier } from '../catch-up-subscription.js';

/**
 * The NOTIFY channel every PostgresEventStore append signals on. One channel for all schemas,
 * with the schema as payload: channel names are identifiers (63 bytes at most), schema names
 * may already be that long.
 */
export const APPEND_CHANNEL = 'event_store_appended';

/** Shown in pg_stat_activity, so an operator can tell the listening connection apart. */
export function listenerApplicationName(schema: string): string {
  return `event-store listener ${schema}`.slice(0, 63);
}

/**
 * Turns NOTIFYs from appends in any process into wake-ups of this process's catch-up
 * subscriptions. It holds one connection of the pool while started.
 *
 * Notifications are only a shortcut: the subscriptions still poll, so a lost connection costs
 * latency, never events. While the connection is down (and after every (re)connect, because
 * notifications sent meanwhile are gone) the listener wakes every subscription once so it
 * re-reads, then reconnects after `retryMs`.
 */
export class PostgresAppendListener {
  #client: pg.PoolClient | undefined;
  #connecting: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly notifier: ChangeNotifier,
    private readonly retryMs: number,
  ) {}

  /** Connects unless already connected or connecting; safe to call for every subscription. */
  start(): void {
    this.#started = true;
    if (this.#client || this.#connecting || this.#retryTimer) return;
    this.#connecting = this.#connect().finally(() => (this.#connecting = undefined));
  }

  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.#connecting;
    this.#drop(this.#client, true);
  }

  async #connect(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const onLost = (error?: Error) => this.#lost(client!, error ?? true);
      client.on('error', onLost);
      client.on('end', onLost);
      client.on('notification', (message) => {
        if (message.channel === APPEND_CHANNEL && message.payload === this.schema) {
          this.notifier.notify();
        }
      });
      await client.query(
        `set application_name = ${pg.escapeLiteral(listenerApplicationName(this.schema))}; ` +
          `listen ${pg.escapeIdentifier(APPEND_CHANNEL)}`,
      );
      if (!this.#started) {
        this.#drop(client, true);
        return;
      }
      this.#client = client;
      // Appends that committed before LISTEN took effect sent nobody a notification.
      this.notifier.notify();
    } catch {
      if (client) this.#drop(client, true);
      this.#scheduleReconnect();
    }
  }

  #lost(client: pg.PoolClient, error: Error | true): void {
    if (client !== this.#client) return;
    this.#drop(client, error);
    // Whatever was notified while the connection was failing is lost: make everyone re-read.
    this.notifier.notify();
    this.#scheduleReconnect();
  }

  /** Destroys the connection rather than pooling it: it is LISTENing and renamed. */
  #drop(client: pg.PoolClient | undefined, error: Error | true): void {
    if (!client) return;
    if (client === this.#client) this.#client = undefined;
    client.removeAllListeners('notification');
    try {
      client.release(error);
    } catch {
      // Already released (an 'error' and an 'end' for the same failure).
    }
  }

  #scheduleReconnect(): void {
    if (!this.#started || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.start();
    }, this.retryMs);
    // A pending reconnect must not keep the process alive on its own.
    this.#retryTimer.unref();
  }
}
