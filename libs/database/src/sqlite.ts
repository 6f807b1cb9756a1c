import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

export interface SqliteHandle {
  /** One Kysely instance over one connection: its mutex serialises every transaction in the process. */
  db: Kysely<any>;
  raw: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Opens the embedded database file in WAL mode. Events and read models share the file,
 * and every write in this process goes through the single Kysely connection so that an
 * append never interleaves with a projection batch.
 */
export function openSqlite(file: string): SqliteHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
  let closed = false;
  return {
    db,
    raw,
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy closes the better-sqlite3 connection once pending queries finish.
      await db.destroy();
    },
  };
}
