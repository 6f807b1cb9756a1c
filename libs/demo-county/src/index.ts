export * from './areas.js';
export * from './calibration.js';
export * from './plan.js';
export * from './seed.js';
