export * from './event-store.port.js';
export * from './catch-up-subscription.js';
export * from './sqlite/sqlite-event-store.js';

/** Scaffold placeholder still imported by apps/api/src/main.ts; delete once that import is gone. */
export const x: number = 1;
