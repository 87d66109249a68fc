export {
  reviewSeries,
  reviewSources,
  reviewInputs,
  streamInputs,
  compareReviews,
  type ReviewOptions,
  type TreeContext,
  type SeriesReview,
  type StreamResult,
} from './pipeline.js';
export { defaultJobs, reviewInputsParallel, WorkerPool, type ParallelOptions, type TreeSpec } from './jobs.js';
export { treeOption, type TreeCliOptions } from './tree-option.js';
