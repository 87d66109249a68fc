export * from './types.js';
export * from './engine/index.js';
export * from './lib/index.js';
export { RULES } from './registry.js';
export * from './eval/index.js';
