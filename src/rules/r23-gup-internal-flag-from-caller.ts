import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

const INTERNAL = /\bFOLL_(PIN|TOUCH|TRIED|REMOTE|FAST_ONLY|UNLOCKABLE|MADV_POPULATE)\b/;
const PIN_CALL = /\bpin_user_pages\w*\s*\([^;]*\bFOLL_GET\b/;

export const rule: Rule = {
  meta: {
    id: 'R23',
    name: 'gup-internal-flag-from-caller',
    category: 'gup-protected',
    scope: 'line',
    severity: 'error',
    concepts: ['gup'],
    summary: 'A caller outside mm/ passes a GUP-internal FOLL_* flag, or FOLL_GET to pin_user_pages*().',
    fix: 'Use the API that sets the flag: pin_user_pages*() instead of FOLL_PIN, the *_remote() variants instead of FOLL_REMOTE; never pass FOLL_GET to pin_user_pages*().',
    refs: ['GUP-01'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        if (/^(mm\/|include\/linux\/mm\w*\.h$)/.test(pl.file.path) || /^\s*#\s*define/.test(pl.code)) continue;
        const m = INTERNAL.exec(pl.code);
        if (m) {
          out.push({ location: locationOf(patch, pl), message: `FOLL_${m[1]} is internal to mm/ (INTERNAL_GUP_FLAGS): is_valid_gup_args() warns and fails the call when a caller passes it.` });
        } else if (PIN_CALL.test(pl.code)) {
          out.push({ location: locationOf(patch, pl), message: 'FOLL_GET passed to pin_user_pages*(): pinning and plain references are mutually exclusive and the call fails.' });
        }
      }
    }
    return out;
  },
};
