import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

/** Code that only builds on 64-bit, where every folio has a direct-map address. */
const SIXTY_FOUR_BIT_ONLY = /^(arch\/(x86|arm64|s390|riscv|loongarch)\/|virt\/kvm\/|arch\/[^/]+\/kvm\/)/;

export const rule: Rule = {
  meta: {
    id: 'R12',
    name: 'folio-address-highmem',
    category: 'folio-misuse',
    scope: 'line',
    severity: 'warning',
    concepts: ['folio', 'direct-map'],
    summary: 'folio_address()/page_address() in generic code on a folio that may be highmem, to drive a direct-map change or access.',
    fix: 'Check WARN_ON_ONCE(folio_test_highmem(folio)) and bail out, document the 64-bit-only assumption, or use kmap_local_folio() for data access.',
    refs: ['FO-03', 'S14'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const guarded = patch.files.some((f) => f.hunks.some((h) => h.lines.some((l) => /folio_test_highmem|PageHighMem|CONFIG_64BIT|IS_ENABLED\(CONFIG_HIGHMEM\)/.test(l.text))));
      for (const pl of addedCLines(patch)) {
        const m = /\b(folio_address|page_address)\s*\(/.exec(pl.code);
        if (!m || guarded) continue;
        if (!/^(mm\/|include\/linux\/|lib\/)/.test(pl.file.path) && !SIXTY_FOUR_BIT_ONLY.test(pl.file.path)) continue;
        const direct = /set_direct_map|flush_tlb_kernel_range|set_memory_/.test(pl.code);
        if (SIXTY_FOUR_BIT_ONLY.test(pl.file.path) && !direct) continue;
        out.push({
          location: locationOf(patch, pl),
          severity: SIXTY_FOUR_BIT_ONLY.test(pl.file.path) ? 'info' : undefined,
          message: `${m[1]}() has no permanent kernel address to return for a highmem folio on 32-bit; nothing here rules highmem out.`,
        });
      }
    }
    return out;
  },
};
