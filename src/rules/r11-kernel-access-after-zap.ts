import type { CallSite, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, flushesEverywhere, isRestoreCall, isZapCall, meaningOf, postFunctions } from './lib/index.js';

/** The kernel reads or writes a folio's contents through the direct map (FO-03, FO-06): the model's `access` role. */
function isAccess(ctx: RuleContext, c: CallSite, file: string): boolean {
  return meaningOf(ctx, c, file)?.role === 'access';
}

/** An address computed only to be flushed (`addr = folio_address(f); flush_tlb_kernel_range(addr, …)`) touches nothing. */
function feedsFlush(ctx: RuleContext, fn: FunctionView, c: CallSite, file: string): boolean {
  if (meaningOf(ctx, c, file)?.entry.returns !== 'pointer') return false;
  // The call whose argument this is (it may start on an earlier line of a multi-line call).
  const wrapper = fn.calls.find((w) => w !== c && w.callee === c.wrappedBy && w.line.line <= c.line.line && w.text.includes(c.text));
  if (wrapper && flushesEverywhere(ctx, wrapper, file)) return true;
  const v = c.assignedTo;
  if (!v || !/^\w+$/.test(v)) return false;
  const uses = new RegExp(`\\b${v}\\b`);
  const later = fn.calls.filter((x) => x.line.line >= c.line.line && x !== c && x.args.some((a) => uses.test(a)));
  return later.length > 0 && later.every((x) => flushesEverywhere(ctx, x, file));
}

export const rule: Rule = {
  meta: {
    id: 'R11',
    name: 'kernel-access-after-zap',
    category: 'direct-map-access',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'folio'],
    summary: 'The kernel touches a folio\'s contents (clear, copy, kmap, folio_address) after removing it from the direct map and before restoring it, or zeroes it before the restore on free.',
    fix: 'Zero and prepare the folio first, then remove it from the direct map; on free, restore first, then zero.',
    refs: ['FO-03', 'FO-06', 'DM-05', 'GUP-06', 'S20', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      let zapped: CallSite | undefined;
      const calls = [...fn.calls].sort((a, b) => a.line.line - b.line.line);
      for (const c of calls) {
        if (isZapCall(ctx, c, view.file)) {
          zapped = c;
          continue;
        }
        if (isRestoreCall(ctx, c, view.file)) {
          zapped = undefined;
          continue;
        }
        if (!zapped || !isAccess(ctx, c, view.file)) continue;
        if (feedsFlush(ctx, fn, c, view.file)) continue;
        if (c.line.kind !== 'add' && zapped.line.kind !== 'add') continue;
        out.push({
          location: callLocation({ patch, view, fn, call: c }),
          message: `${c.callee}() touches the folio through the direct map after ${zapped.callee}() removed it (line ${zapped.line.line}): the access faults, or works on one CPU through a stale TLB entry and crashes on another.`,
          evidence: [callLocation({ patch, view, fn, call: zapped })],
        });
      }
      // On free: zeroing before the restore.
      const restore = calls.find((c) => isRestoreCall(ctx, c, view.file));
      if (restore && /free|release|evict/.test(fn.name)) {
        // Taking an address is not yet touching the contents.
        const before = calls.find((c) => c.line.line < restore.line.line && isAccess(ctx, c, view.file) && meaningOf(ctx, c, view.file)!.entry.returns !== 'pointer');
        if (before && (before.line.kind === 'add' || restore.line.kind === 'add')) {
          out.push({
            location: callLocation({ patch, view, fn, call: before }),
            message: `${before.callee}() touches the folio before ${restore.callee}() puts it back in the direct map: restore first, then zero.`,
          });
        }
      }
    }
    return out;
  },
};
