import type { FindingDraft, Rule } from './types.js';
import { addedCLines, callLocation, entriesIn, locationOf, meaningOf, postCalls } from './lib/index.js';

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
    refs: ['GUP-01', 'PIN-01'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        if (/^\s*#\s*define/.test(pl.code)) continue;
        // The model says which flags only their own code may use (INTERNAL_GUP_FLAGS: mm/).
        const internal = entriesIn(ctx, pl.code).find((e) => e.internalTo !== undefined && !new RegExp(e.internalTo).test(pl.file.path));
        if (!internal) continue;
        out.push({ location: locationOf(patch, pl), message: `${internal.symbol} is internal to mm/ (INTERNAL_GUP_FLAGS): is_valid_gup_args() warns and fails the call when a caller passes it.` });
      }
    }
    // A pinning call (FOLL_PIN set by the API) given a plain-reference flag.
    for (const found of postCalls(ctx, (c) => ctx.model.bySymbol.get(c)?.reference === 'pin')) {
      if (found.call.line.kind !== 'add') continue;
      const m = meaningOf(ctx, found.call, found.view.file);
      if (m?.entry.reference !== 'pin' || m.flags === undefined) continue;
      const get = entriesIn(ctx, m.flags).find((e) => e.kind === 'flag' && e.reference === 'get');
      if (!get) continue;
      out.push({ location: callLocation(found), message: `${get.symbol} passed to ${found.call.callee}(): pinning and plain references are mutually exclusive and the call fails.` });
    }
    return out;
  },
};
