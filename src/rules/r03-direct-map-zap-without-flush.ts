import type { FindingDraft, Rule } from './types.js';
import { isKernelFlush } from '../model/index.js';
import { isPrimitiveDefinition, callLocation, flushesEverywhere, isZapCall, meaningOf, postFunctions, locateCode } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R03',
    name: 'direct-map-zap-without-flush',
    category: 'tlb-flush-missing',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'tlb'],
    summary: 'Direct-map entries are made invalid with a _noflush primitive and no TLB flush follows in the function.',
    fix: 'After the removal (after the loop over the folio\'s pages), flush once: flush_tlb_kernel_range(addr, addr + folio_size(folio)); or call a helper documented to flush, such as folio_zap_direct_map().',
    refs: ['DM-03', 'DM-12', 'DM-05', 'seed:003', 'lore:20250924151101.2225820-1-patrick.roy@campus.lmu.de'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      // The _noflush primitives themselves (and other model primitives) are documented not to flush.
      if (isPrimitiveDefinition(fn, ctx)) continue;
      // A removal that flushes on this file's arch (arm64's valid_noflush, a zap helper) needs no flush after it.
      // A helper of the series that removes without flushing is reported once, in its own body, not at every caller.
      const zaps = fn.calls.filter((c) => isZapCall(ctx, c, view.file) && !meaningOf(ctx, c, view.file)!.flushesTlb && !meaningOf(ctx, c, view.file)!.entry.derivedFrom);
      if (zaps.length === 0) continue;
      const lastZap = zaps[zaps.length - 1]!;
      // A local-only flush is R32's finding, not a missing one.
      const flush = fn.calls.find((c) => c.line.line >= lastZap.line.line && c !== lastZap && (flushesEverywhere(ctx, c, view.file) || isKernelFlush(meaningOf(ctx, c, view.file))));
      if (flush) continue;
      const deferred = fn.comments.find((c) => /flush/i.test(c.text));
      const zap = zaps[0]!;
      out.push({
        location: callLocation({ patch, view, fn, call: zap }),
        severity: deferred ? 'info' : undefined,
        message: deferred
          ? `${zap.callee}() removes direct-map entries and ${fn.name}() does not flush the TLB; a comment says the flush happens elsewhere ("${deferred.text.trim().slice(0, 80)}") — check that it covers this range.`
          : `${zap.callee}() removes direct-map entries but no TLB flush follows in ${fn.name}()${fn.complete ? '' : ' (in the lines the patch shows)'}: stale TLB entries keep the memory reachable from the kernel.`,
        evidence: deferred ? [locateCode(patch, view.file, deferred.line, fn.name)] : [],
      });
    }
    return out;
  },
};
