import type { FindingDraft, Rule } from './types.js';
import { callLocation, flushesEverywhere, pageLoop, postFunctions } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R04',
    name: 'tlb-flush-inside-page-loop',
    category: 'tlb-flush-placement',
    scope: 'function',
    severity: 'warning',
    concepts: ['tlb', 'direct-map', 'folio'],
    summary: 'A kernel TLB flush (or a flushing set_memory_* call) runs once per page inside a loop over a folio or page range.',
    fix: 'Do the _noflush changes in the loop and one flush_tlb_kernel_range(start, start + size) after it.',
    refs: ['DM-12', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      // An all-CPU kernel flush, or a change that flushes every CPU itself (set_memory_np(), a flushing zap helper):
      // a local flush per page costs no IPI and is how flush_tlb_kernel_range() itself is built.
      for (const call of fn.calls.filter((c) => flushesEverywhere(ctx, c, view.file))) {
        const loop = pageLoop(call.loops);
        if (!loop) continue;
        // Pages taken from an array (a vmalloc area's pages[i]) are scattered: one range flush would not cover them.
        if (call.args.some((a) => /\w\s*\[[^\]]+\]/.test(a))) continue;
        out.push({
          location: callLocation({ patch, view, fn, call }),
          message: `${call.callee}() runs on every iteration of \`${loop.header.trim()}\`: each kernel-range flush is an IPI broadcast; one flush over the whole range after the loop does the same.`,
        });
      }
    }
    return out;
  },
};
