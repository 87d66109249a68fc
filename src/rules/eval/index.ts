export * from './match.js';
export * from './summary.js';
export * from './truth.js';
export * from './judged.js';
