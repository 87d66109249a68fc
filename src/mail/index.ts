export * from './types.js';
export { splitMbox, joinMbox } from './split.js';
export { parseMessage } from './parse.js';
export { readMessages } from './read.js';
export { decodeHeaderValue } from './header-value.js';
export { parseMailDate } from './date.js';
