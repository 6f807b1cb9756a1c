import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export interface PostgresHandle {
  /** A Kysely over a pool whose every connection has `search_path` set to `schema`. */
  db: Kysely<any>;
  pool: pg.Pool;
  /** The schema unqualified names resolve to; created by `ensureSchema()`. */
  schema: string;
  /** Creates the schema if it is missing (idempotent; safe from several processes at once). */
  ensureSchema(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Schema for unqualified table names (the read models' SQL names no schema). */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
}

export const DEFAULT_READ_MODEL_SCHEMA = 'read_models';

/** Unquoted-identifier characters only, so the name is safe where it is spliced into SQL. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isSchemaName(value: string): boolean {
  return SCHEMA_NAME.test(value);
}

/**
 * int8 as a number, as SQLite gives it: positions, amounts in fen and counts. A value past
 * Number.MAX_SAFE_INTEGER would silently lose digits, so it fails the query instead.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return value;
}

/**
 * This pool's parsers only: pg's global parsers stay as they are for the event store, which
 * reads its own int8 columns as strings.
 */
function readModelTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, 'text', parseInt8);
  return types;
}

/**
 * Opens read models on PostgreSQL: the same Kysely query code as on SQLite, through the
 * PostgreSQL dialect. The schema goes into every connection's startup parameters, so the read
 * models' unqualified table names land in it and one database can host several sets (a test run
 * each, or several counties).
 *
 * Types as the query code expects them, the same as on SQLite: integer, bigint (int8) and
 * count(*) arrive as numbers (see parseInt8); numeric, such as a sum of bigints, as an exact
 * string; the read models keep dates in text columns, so they stay 'YYYY-MM-DD' strings and never
 * become Date objects.
 */
export function openPostgres(url: string, options: OpenPostgresOptions = {}): PostgresHandle {
  const schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
  if (!isSchemaName(schema)) {
    throw new RangeError(
      `Invalid schema name ${JSON.stringify(schema)}: use letters, digits and _ (at most 63, not starting with a digit)`,
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: `-c search_path=${schema}`,
    types: readModelTypes(),
  });
  // An idle connection that dies (server restart) is dropped and replaced on the next query;
  // without a listener its 'error' event would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    schema,
    async ensureSchema() {
      // Checked first: `create schema if not exists` still needs the CREATE privilege, which a
      // production role given an existing schema may lack.
      const { rows } = await pool.query('select 1 from pg_namespace where nspname = $1', [schema]);
      if (rows.length > 0) return;
      try {
        await pool.query(`create schema if not exists ${pg.escapeIdentifier(schema)}`);
      } catch (error) {
        // Two sessions creating it at once: `if not exists` does not cover the race, and the
        // loser fails on pg_namespace's unique index. The schema exists, which is all we want.
        if ((error as { code?: string }).code !== '23505') throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy ends the pool once the queries in flight finish, but only if Kysely has
      // used it: a pool only ever queried directly would stay open, and Kysely would revive it.
      await db.destroy();
      if (!pool.ending) await pool.end();
    },
  };
}
