import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

const CALL = /\b(kernel_map_pages|__kernel_map_pages|debug_pagealloc_unmap_pages|debug_pagealloc_map_pages)\s*\(/;
/** Where these belong: debug_pagealloc and hibernation, and their own definitions. */
const ALLOWED = /^(mm\/(page_alloc|debug_page_alloc|mm_init)\.c|kernel\/power\/|include\/linux\/mm\.h|arch\/[^/]+\/mm\/(pageattr|set_memory|pat\/set_memory|init)\.c|arch\/[^/]+\/include\/asm\/set_memory\.h)/;

export const rule: Rule = {
  meta: {
    id: 'R14',
    name: 'kernel-map-pages-as-protection',
    category: 'tlb-flush-missing',
    scope: 'line',
    severity: 'error',
    concepts: ['direct-map', 'tlb', 'kpe-2020'],
    summary: 'kernel_map_pages()/__kernel_map_pages() used to hide memory outside debug-pagealloc and hibernation code.',
    fix: 'Use set_direct_map_invalid_noflush()/set_direct_map_valid_noflush() and one flush_tlb_kernel_range().',
    refs: ['KPE-05', 'S24', 'seed:000'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        const m = CALL.exec(pl.code);
        if (!m || ALLOWED.test(pl.file.path) || /^\s*#\s*define|^\s*(static\s+inline\s+)?void\s+/.test(pl.code)) continue;
        out.push({
          location: locationOf(patch, pl),
          message: `${m[1]}() is a debug-pagealloc helper (tied to CONFIG_DEBUG_PAGEALLOC since 5.11) and on x86 flushes only the local TLB: other CPUs keep the mapping.`,
        });
      }
    }
    return out;
  },
};
