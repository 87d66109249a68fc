// What other stages use of the rules stage: the records, the engine that runs
// rules, the rule list, the evaluation against reviewers' truths, and the two
// location helpers the tree and report stages share. Rule-authoring helpers
// (./lib) stay inside the stage.
export * from './types.js';
export * from './engine/index.js';
export { RULES } from './registry.js';
export { patchLevelLocation } from './lib/index.js';
export { formatEval, judgementStub, matchThread, parseJudged, parseTruth, summarise, type Judgement } from './eval/index.js';
