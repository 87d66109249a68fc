export * from './types.js';
export { splitMbox, joinMbox, DEFAULT_MAX_MESSAGE_BYTES, type SplitOptions } from './split.js';
export { parseMessage } from './parse.js';
export { readMessages } from './read.js';
export { decodeHeaderValue } from './header-value.js';
export { parseMailDate } from './date.js';
