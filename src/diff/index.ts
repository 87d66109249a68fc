export * from './types.js';
export { parseDiff, type ParseDiffOptions } from './parse.js';
export { attachDiffs, diffOptionsOf, type AttachOptions } from './attach.js';
export { findLine, hunkFunction, isCFile } from './lookup.js';
