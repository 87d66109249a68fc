import type { Rule } from './types.js';
import { rule as R01 } from './r01-folio-single-page.js';
import { rule as R02 } from './r02-invalidate-folio-page-size.js';
import { rule as R03 } from './r03-direct-map-zap-without-flush.js';
import { rule as R07 } from './r07-restore-in-wrong-aop.js';
import { rule as R09 } from './r09-unchecked-direct-map-return.js';
import { rule as R22 } from './r22-no-direct-map-check-missing.js';
import { rule as R26 } from './r26-bug-on-in-new-code.js';
import { rule as R27 } from './r27-cxx-comment.js';
import { rule as R31 } from './r31-gmem-behaviour-without-opt-in.js';

/**
 * Every rule, in id order. A rule is one file in this folder; adding one is an
 * import here (keep the order) and a docs page in docs/rules/<id>.md.
 */
export const RULES: readonly Rule[] = [R01, R02, R03, R07, R09, R22, R26, R27, R31].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
