export * from './sqlite.js';
export * from './postgres.js';
export * from './redact-url.js';
