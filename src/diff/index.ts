export * from './types.js';
export { parseDiff, type ParseDiffOptions } from './parse.js';
export { attachDiffs, diffOptionsOf, type AttachOptions } from './attach.js';
export { headerCall, hunkFunction, isCFile, lineAt, type LineRef } from './lookup.js';
export { locationAt, type Place } from './location.js';
