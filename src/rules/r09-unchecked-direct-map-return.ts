import type { CallSite } from '../code/index.js';
import type { FindingDraft, Rule } from './types.js';
import { isPrimitiveDefinition, callLocation, isRestoreCall, isZapCall, meaningOf, postCalls } from './lib/index.js';

const CRASHERS = /^(BUG_ON|VM_BUG_ON\w*|BUG)$/;
const WARNERS = /^(WARN_ON|WARN_ON_ONCE|WARN|WARN_ONCE|VM_WARN_ON\w*)$/;

export const rule: Rule = {
  meta: {
    id: 'R09',
    name: 'unchecked-direct-map-return',
    category: 'unchecked-return',
    scope: 'line',
    severity: 'error',
    concepts: ['direct-map'],
    summary: 'The result of a direct-map change (set_direct_map_*, folio_zap_direct_map or a wrapper of them) is discarded or only BUG_ON-ed.',
    fix: 'Check the result: r = zap(folio); if (r) goto out; for a restore that cannot be handled, WARN_ON_ONCE(restore(folio)) with a comment saying why.',
    refs: ['DM-02', 'DM-03', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // Wrappers the series defines are removals and restores in the model (derive.ts).
    // set_memory_*() of an address range are __must_check: the compiler already asks (DM-02); the page setters are not.
    const kindOf = (c: CallSite, file: string): 'zap' | 'restore' | undefined => (meaningOf(ctx, c, file)?.granularity === 'range' ? undefined : isZapCall(ctx, c, file) ? 'zap' : isRestoreCall(ctx, c, file) ? 'restore' : undefined);
    for (const found of postCalls(ctx, () => true)) {
      const { call } = found;
      if (isPrimitiveDefinition(found.fn, ctx)) continue;
      const kind = kindOf(call, found.view.file);
      // A helper that swallows failure (returns nothing) cannot be checked by its callers.
      if (kind && !meaningOf(ctx, call, found.view.file)!.mayFail && meaningOf(ctx, call, found.view.file)!.entry.derivedFrom) continue;
      if (!kind) continue;
      if (call.wrappedBy && CRASHERS.test(call.wrappedBy)) {
        out.push({
          location: callLocation(found),
          message: `${call.callee}() can fail (-ENOMEM when a large direct-map entry must be split) and ${call.wrappedBy}() turns that into a crash.`,
          severity: kind === 'restore' ? 'warning' : undefined,
        });
      } else if (call.discarded && !(call.wrappedBy && WARNERS.test(call.wrappedBy))) {
        out.push({
          location: callLocation(found),
          severity: kind === 'restore' ? 'warning' : undefined,
          message:
            kind === 'zap'
              ? `the result of ${call.callee}() is ignored: if the removal fails the page stays in the direct map and the protection is silently lost.`
              : `the result of ${call.callee}() is ignored: a restore that fails leaves the page unmapped; warn once and say in a comment why it cannot fail.`,
        });
      }
    }
    return out;
  },
};
