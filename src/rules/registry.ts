import type { Rule } from './types.js';
import { rule as R01 } from './r01-folio-single-page.js';
import { rule as R02 } from './r02-invalidate-folio-page-size.js';
import { rule as R03 } from './r03-direct-map-zap-without-flush.js';
import { rule as R04 } from './r04-tlb-flush-inside-page-loop.js';
import { rule as R05 } from './r05-tlb-flush-opt-out.js';
import { rule as R06 } from './r06-direct-map-zap-without-restore.js';
import { rule as R07 } from './r07-restore-in-wrong-aop.js';
import { rule as R08 } from './r08-free-path-needs-mapping.js';
import { rule as R09 } from './r09-unchecked-direct-map-return.js';
import { rule as R10 } from './r10-partial-multi-page-failure.js';
import { rule as R11 } from './r11-kernel-access-after-zap.js';
import { rule as R12 } from './r12-folio-address-highmem.js';
import { rule as R13 } from './r13-set-memory-np-hot-path.js';
import { rule as R14 } from './r14-kernel-map-pages-as-protection.js';
import { rule as R15 } from './r15-direct-map-capability-unchecked.js';
import { rule as R16 } from './r16-gmem-flag-not-in-supported-mask.js';
import { rule as R17 } from './r17-arch-enablement-bundled.js';
import { rule as R18 } from './r18-uapi-undocumented.js';
import { rule as R19 } from './r19-uapi-untested.js';
import { rule as R20 } from './r20-uapi-number-collision.js';
import { rule as R21 } from './r21-per-flag-capability.js';
import { rule as R22 } from './r22-no-direct-map-check-missing.js';
import { rule as R23 } from './r23-gup-internal-flag-from-caller.js';
import { rule as R24 } from './r24-protected-gup-without-flag.js';
import { rule as R25 } from './r25-direct-map-state-tracking.js';
import { rule as R26 } from './r26-bug-on-in-new-code.js';
import { rule as R27 } from './r27-cxx-comment.js';
import { rule as R28 } from './r28-asi-guest-data-nonsensitive.js';
import { rule as R29 } from './r29-asi-critical-section-sleep.js';
import { rule as R30 } from './r30-cross-tree-and-rfc-dependency.js';
import { rule as R31 } from './r31-gmem-behaviour-without-opt-in.js';
import { rule as R48 } from './r48-check-extension-answer.js';
import { rule as R49 } from './r49-longterm-pin-contract.js';
import { rule as R50 } from './r50-ioctl-size-zero-accepted.js';
import { rule as R51 } from './r51-capability-ioctl-mismatch.js';
import { rule as R52 } from './r52-api-doc-format.js';
import { rule as R53 } from './r53-indent-with-spaces.js';
import { rule as R54 } from './r54-logical-continuation.js';
import { rule as R55 } from './r55-debug-only-local.js';
import { rule as R56 } from './r56-goto-without-cleanup.js';
import { rule as R57 } from './r57-long-line.js';
import { rule as R58 } from './r58-changelog-above-fold.js';
import { rule as R59 } from './r59-fix-without-fixes-tag.js';

/**
 * Every rule, in id order. A rule is one file in this folder; adding one is an
 * import here and a docs page in docs/rules/<id>.md.
 */
export const RULES: readonly Rule[] = [R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19, R20, R21, R22, R23, R24, R25, R26, R27, R28, R29, R30, R31, R48, R49, R50, R51, R52, R53, R54, R55, R56, R57, R58, R59];
