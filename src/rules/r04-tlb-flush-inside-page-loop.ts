import type { FindingDraft, Rule } from './types.js';
import { callLocation, pageLoop, postCalls } from './lib/index.js';

const FLUSHING = new Set(['flush_tlb_kernel_range', 'flush_tlb_all', '__flush_tlb_all', 'set_memory_np', 'set_memory_p', 'set_pages_np', 'set_pages_p', 'flush_tlb_kernel_page']);

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
    for (const found of postCalls(ctx, FLUSHING)) {
      const loop = pageLoop(found.call.loops);
      if (!loop) continue;
      out.push({
        location: callLocation(found),
        message: `${found.call.callee}() runs on every iteration of \`${loop.header.trim()}\`: each kernel-range flush is an IPI broadcast; one flush over the whole range after the loop does the same.`,
      });
    }
    return out;
  },
};
