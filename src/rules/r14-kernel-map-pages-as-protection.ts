import type { FindingDraft, Rule } from './types.js';
import { callLocation, meaningOf, postCalls } from './lib/index.js';

/** Where these belong: debug_pagealloc and hibernation, and their own definitions. */
const ALLOWED = /^(mm\/(page_alloc|debug_page_alloc|mm_init)\.c|kernel\/power\/|include\/linux\/mm\.h|arch\/[^/]+\/mm\/(pageattr|set_memory|pat\/set_memory|init)\.c|arch\/[^/]+\/include\/asm\/set_memory\.h)/;

/**
 * A debug-only direct-map primitive (the model's `debugOnly`: the
 * debug_pagealloc map/unmap helpers) used to hide memory: since 5.11 they
 * only work with CONFIG_DEBUG_PAGEALLOC and on x86 flush the local CPU only.
 */
export const rule: Rule = {
  meta: {
    id: 'R14',
    name: 'kernel-map-pages-as-protection',
    category: 'tlb-flush-missing',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'tlb', 'kpe-2020'],
    summary: 'kernel_map_pages()/__kernel_map_pages() (a debug-pagealloc helper) used to hide memory outside debug-pagealloc and hibernation code.',
    fix: 'Use set_direct_map_invalid_noflush()/set_direct_map_valid_noflush() and one flush_tlb_kernel_range().',
    refs: ['KPE-05', 'S24', 'seed:000'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const found of postCalls(ctx, () => true)) {
      const { call, view } = found;
      if (call.line.kind !== 'add' || ALLOWED.test(view.file)) continue;
      const m = meaningOf(ctx, call, view.file);
      // The primitive itself, not a caller of a helper the series wraps around it (the helper's call is reported).
      if (!m?.entry.debugOnly || m.entry.derivedFrom || (m.role !== 'remove' && m.role !== 'restore')) continue;
      out.push({
        location: callLocation(found),
        message: `${call.callee}() is a debug-pagealloc helper (tied to CONFIG_DEBUG_PAGEALLOC since 5.11) and on x86 flushes only the local TLB: other CPUs keep the mapping.`,
      });
    }
    return out;
  },
};
