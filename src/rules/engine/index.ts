export * from './baseline.js';
export * from './compare.js';
export * from './config.js';
export * from './fingerprint.js';
export * from './run.js';
