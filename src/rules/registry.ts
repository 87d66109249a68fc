import type { Rule } from './types.js';

/**
 * Every rule, in id order. A rule is one file in this folder; adding one is an
 * import here and a docs page in docs/rules/<id>.md.
 */
export const RULES: readonly Rule[] = [];
