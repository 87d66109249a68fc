export * from './types.js';
export * from './github.js';
export { openSources, DEFAULT_MAX_INPUT_BYTES } from './open.js';
