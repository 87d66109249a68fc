export * from './locate.js';
export * from './code.js';
export * from './aops.js';
export * from './direct-map.js';
export * from './text.js';
export * from './defines.js';
export * from './series.js';
export * from './words.js';
