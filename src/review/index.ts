export { review } from './review.js';
export type { InputOptions, ReviewCallbacks, ReviewOptions, ReviewPolicy, TreeSpec } from './types.js';
export { defaultJobs } from './jobs.js';
export { placeFindings, placeTouches, unplaced } from './place.js';
