/** Injection tokens for the ports the households context needs; apps/* bind the adapters. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/**
 * The read models' database, a `Kysely<ReadModels>` (see read-models/read-models.ts): inject it
 * as `@Inject(READ_DB) db: Kysely<ReadModels>`. On PostgreSQL its pool must read int8 as numbers
 * (openPostgres does), so that the row types hold on both engines.
 */
export const READ_DB = Symbol('READ_DB');
export const READ_MODEL_SYNC = Symbol('READ_MODEL_SYNC');
export const CLOCK = Symbol('CLOCK');
export const POLICY_BOOK = Symbol('POLICY_BOOK');
/** Optional: names of administrative areas (the office's area registry), for reports. */
export const AREA_REGISTRY = Symbol('AREA_REGISTRY');

/** Waits until the read models include a position (read-your-writes). */
export interface ReadModelSync {
  waitFor(position: number, timeoutMs?: number): Promise<void>;
}

/** Names of areas by statistical area code (county, township, village). */
export interface AreaRegistry {
  nameOf(code: string): string | undefined;
}
