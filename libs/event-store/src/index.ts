export * from './event-store.port.js';
export * from './catch-up-subscription.js';
export * from './sqlite/sqlite-event-store.js';
export * from './kurrentdb/kurrentdb-event-store.js';
export * from './migration/migration-target.js';
export * from './migration/migrate-log.js';
export {
  DEFAULT_POSTGRES_POLL_INTERVAL_MS,
  DEFAULT_POSTGRES_SCHEMA,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store.js';
export * from './projections/projection.js';
export * from './projections/projection-runner.js';
export * from './projections/row-batches.js';
export * from './projections/row-projection.js';
export * from './projections/checkpoint-poller.js';
