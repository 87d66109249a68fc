export {
  publishGithubReview,
  readGithubPull,
  planGithubReview,
  plannedReview,
  executeGithubPlan,
  MAX_INLINE_COMMENTS,
  type PublishGithubOptions,
  type PublishGithubResult,
  type InlineComment,
  type DroppedComment,
  type GithubPullState,
  type GithubReviewPlan,
  type ReviewComment,
  type ListedReview,
  type BodyEntry,
} from './github.js';
export {
  postPatchworkChecks,
  fetchPatchworkTarget,
  patchworkSource,
  apiRoot as patchworkApiRoot,
  PatchworkError,
  type PatchworkOptions,
  type PatchworkTarget,
  type PatchworkPatch,
  type PatchworkCheck,
  type PatchworkState,
} from './patchwork.js';
export { b4CheckResult, type B4Check } from './b4.js';
export { rightSideLines } from './diff-lines.js';
export { lineAtHead } from './line-shift.js';
export { marker, markedFingerprints } from './marker.js';
export { findingsOfPatch, findReviewedPatch, verdictOf, normaliseMessageId, type Verdict } from './patch-findings.js';
