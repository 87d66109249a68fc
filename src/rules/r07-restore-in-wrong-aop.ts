import type { FindingDraft, Rule } from './types.js';
import { aopBindings, aopsSeeing, callLocation, isRestoreCall, postCalls } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R07',
    name: 'restore-in-wrong-aop',
    category: 'direct-map-lifecycle',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'guest-memfd'],
    summary: 'The direct map is restored in invalidate_folio or release_folio, which run for partial ranges and only for folios with private data, not on every free.',
    fix: 'Restore the direct map in .free_folio, which every folio passes through before it returns to the allocator.',
    refs: ['DM-13', 'FO-02', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // Which operations only some folios reach is the model's (aop entries, DM-13); where a function is installed, the series' and the base's.
    const partial = aopsSeeing(ctx, false);
    const bound = aopBindings(ctx);
    for (const found of postCalls(ctx, () => true)) {
      const { call, fn, view } = found;
      if (!isRestoreCall(ctx, call, view.file)) continue;
      // Unbound, the kernel's naming still says which operation a function implements (kvm_gmem_invalidate_folio).
      const op = bound.get(fn.name)?.op ?? [...partial].find((o) => new RegExp(`(^|_)${o}(_|$)`).test(fn.name));
      if (!op || !partial.has(op)) continue;
      out.push({
        location: callLocation(found),
        message: `${call.callee}() restores the direct map in ${fn.name}(), the ${op} operation: it is not called for every folio before it is freed, so some pages go back to the allocator still unmapped.`,
      });
    }
    return out;
  },
};
