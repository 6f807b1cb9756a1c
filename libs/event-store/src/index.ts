export * from './event-store.port.js';
export * from './catch-up-subscription.js';
export * from './sqlite/sqlite-event-store.js';
export * from './projections/projection.js';
export * from './projections/projection-runner.js';
