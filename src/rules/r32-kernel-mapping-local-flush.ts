import type { FindingDraft, Rule } from './types.js';
import { callLocation, isAllCpuKernelFlush, isBootOnly, isLocalKernelFlush, isPrimitiveDefinition, isZapCall, localFlushExplained, meaningOf, postFunctions, touchedByPatch, writesPte } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R32',
    name: 'kernel-mapping-local-flush',
    category: 'tlb-flush-missing',
    scope: 'function',
    severity: 'warning',
    concepts: ['tlb', 'direct-map'],
    summary: 'A kernel mapping is removed or changed and then flushed on the local CPU only (x86 flush_tlb_one_kernel(), local_flush_tlb_*()).',
    fix: 'Flush every CPU that may hold the translation: flush_tlb_kernel_range(addr, addr + size). If flushing this CPU alone is enough by design, say why in a comment.',
    refs: ['TLB-01', 'TLB-03', 'DM-12', 'lore:CAG48ez2yH+9jX40YdzkeiGk2vdwquw3U=GZY8S6WXrCEH+73Sw@mail.gmail.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const file = view.file;
      // The primitives and flushes themselves (an arch's flush_tlb_one_kernel()) are what the model describes.
      const own = ctx.model.bySymbol.get(fn.name);
      if (isPrimitiveDefinition(fn, ctx) || (own && !own.derivedFrom && own.concept === 'tlb')) continue;
      // A removal that flushes itself on this arch needs nothing more; one that does not is R03's without any flush.
      const zaps = fn.calls.filter((c) => isZapCall(ctx, c, file) && !meaningOf(ctx, c, file)!.flushesTlb);
      const changes = [...zaps, ...fn.calls.filter((c) => writesPte(ctx, c, file))].sort((a, b) => a.line.line - b.line.line);
      if (changes.length === 0) continue;
      const first = changes[0]!;
      const local = fn.calls.find((c) => c.line.line >= first.line.line && isLocalKernelFlush(ctx, c, file));
      if (!local) continue;
      if (fn.calls.some((c) => c.line.line >= first.line.line && isAllCpuKernelFlush(ctx, c, file) && !changes.includes(c))) continue;
      // Unchanged code around a patch is not the patch's point; boot code runs before the other CPUs exist.
      if (!touchedByPatch(fn) || isBootOnly(patch, view, fn)) continue;
      const zap = zaps[0];
      const explained = localFlushExplained(fn);
      if (explained && !zap) continue;
      const change = zap ?? first;
      const what = zap ? `${zap.callee}() removes direct-map entries` : `${change.callee}() changes a kernel page-table entry`;
      out.push({
        location: callLocation({ patch, view, fn, call: local }),
        severity: zap && !explained ? 'error' : 'warning',
        message: zap
          ? `${what} in ${fn.name}() but ${local.callee}() flushes the local CPU only: every other CPU can still reach the memory through its stale TLB entry, so the removal hides nothing from them${explained ? ` (the comment "${explained.trim().slice(0, 60)}" cannot change that)` : ''}.`
          : `${what} in ${fn.name}() but ${local.callee}() flushes the local CPU only: other CPUs keep the old translation until they evict it; flush every CPU, or say in a comment why this CPU alone is enough.`,
        evidence: [callLocation({ patch, view, fn, call: change })],
      });
    }
    return out;
  },
};
