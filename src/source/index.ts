export * from './types.js';
export * from './github.js';
