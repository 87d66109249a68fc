export * from './types.js';
export { openTree, chooseBase, TreeError, type OpenTreeOptions } from './open.js';
export { applySeries, gitReason } from './apply.js';
export { readTreeFacts } from './facts.js';
export { runCheckpatch, parseCheckpatchOutput, type CheckpatchOptions, type CheckpatchReport, type CheckpatchResult } from './checkpatch.js';
export { checkTreePath, type PathCheck } from './paths.js';
export { patchMailText } from './mail-text.js';
export { kernelVersionFromMakefile } from './makefile.js';
export { liveWorktrees } from './cleanup.js';
