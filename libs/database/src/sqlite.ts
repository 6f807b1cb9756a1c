import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

export interface SqliteHandle {
  /** One Kysely instance over one connection: its mutex serialises every transaction in the process. */
  db: Kysely<any>;
  raw: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Bounds of the prepared-statement cache. A prepared statement takes memory roughly in proportion
 * to its SQL (about 1.4 MB for a 1000-row multi-row INSERT), so besides the entry count the
 * texts kept are limited in total length, and a statement longer than a tenth of that is never
 * cached: its prepare is small next to running it.
 */
export const STATEMENT_CACHE_LIMITS: Readonly<StatementCacheLimits> = Object.freeze({
  maxEntries: 200,
  maxTotalSqlLength: 100_000,
});

export interface StatementCacheLimits {
  maxEntries: number;
  maxTotalSqlLength: number;
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
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database: withStatementCache(raw, STATEMENT_CACHE_LIMITS) }),
  });
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

/**
 * What Kysely's SQLite driver sees instead of the raw connection. The driver calls `prepare` for
 * every query it runs — compiling the SQL text again each time, which costs as much as running a
 * small statement — so this keeps prepared statements by SQL text and hands the same one back.
 *
 * Reuse is safe because better-sqlite3 resets a statement after each `run`/`all` (it holds no
 * lock or cursor between executions) and SQLite re-prepares a statement by itself when the schema
 * changes underneath it. The one state a statement keeps is an open `iterate()` cursor (Kysely's
 * `stream()`): a statement that is `busy` is never handed out again; the caller gets a fresh,
 * uncached one instead. Statements are only ever used on this one connection, which Kysely's
 * mutex already serialises, so nothing about ordering or isolation changes.
 */
export function withStatementCache(
  raw: BetterSqlite3.Database,
  { maxEntries, maxTotalSqlLength }: Readonly<StatementCacheLimits>,
): SqliteDatabase {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }
  if (!Number.isInteger(maxTotalSqlLength) || maxTotalSqlLength < 1) {
    throw new RangeError(`maxTotalSqlLength must be a positive integer, got ${maxTotalSqlLength}`);
  }
  const maxSqlLength = Math.floor(maxTotalSqlLength / 10);
  // Map iteration order is insertion order, so the first key is the least recently used.
  const cache = new Map<string, BetterSqlite3.Statement>();
  let totalSqlLength = 0;
  return {
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached !== undefined) {
        if (cached.busy) return raw.prepare(sql);
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = raw.prepare(sql);
      if (sql.length > maxSqlLength) return statement;
      cache.set(sql, statement);
      totalSqlLength += sql.length;
      while (cache.size > maxEntries || totalSqlLength > maxTotalSqlLength) {
        const oldest = cache.keys().next().value!;
        cache.delete(oldest);
        totalSqlLength -= oldest.length;
      }
      return statement;
    },
    close(): void {
      cache.clear();
      totalSqlLength = 0;
      raw.close();
    },
  };
}
