// What more than one app needs: configuration, storage, the offline rebuild and the households
// context without HTTP. Apps import this; no app imports another app's sources.
export * from './config/config.js';
export * from './config/env-int.js';
export * from './storage/storage.js';
export * from './storage/embedded-storage.js';
export * from './storage/server-storage.js';
export * from './rebuild/rebuild-projections.js';
export * from './context/infrastructure.module.js';
export * from './context/households-context.js';
export * from './context/nest-logger.js';
