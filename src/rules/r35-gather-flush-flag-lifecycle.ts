import type { FindingDraft, Rule } from './types.js';
import { absentPatches, clearsFlag, gatherAccesses, gatherField, gatherFieldWritten, gatherParam, locateCode, meaningOf, setsFlag, stickyFields, wholeSeries } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R35',
    name: 'gather-flush-flag-lifecycle',
    category: 'tlb-flush-placement',
    scope: 'series',
    severity: 'warning',
    concepts: ['tlb'],
    summary: 'A flag of the mmu_gather that forces a flush is not reset when the gather flushes (an extra flush), or is made set-only without being initialised (stack garbage).',
    fix: 'Give the flag the life of the per-flush state: clear it in __tlb_reset_range(), which runs when a gather starts and after every flush, so it is initialised and any flush cancels it.',
    refs: ['TLB-06', 'lore:f698fccc-f94a-e7d9-29de-56a90b57c4a4@google.com', 'lore:c549a9af-cd5f-fd77-1af6-a10b30dd3256@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const sticky = stickyFields(ctx);
    // Fields the series clears where gather state is initialised or reset (__tlb_reset_range(), __tlb_gather_mmu()).
    const resetBySeries = new Set<string>();
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        for (const fn of view.post) {
          const tlb = gatherParam(fn);
          if (!tlb || !ctx.model.bySymbol.get(fn.name)?.resets) continue;
          for (const a of fn.assignments) {
            const field = gatherFieldWritten(a, tlb);
            if (field && clearsFlag(a)) resetBySeries.add(field);
          }
        }
      }
    }
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        for (const fn of view.post) {
          const tlb = gatherParam(fn);
          if (!tlb) continue;
          // 1. A flag made set-only: it now spans the batch, so something must start it at 0.
          for (const a of fn.assignments) {
            const field = gatherFieldWritten(a, tlb);
            if (!field || !setsFlag(a) || !sticky.has(field) || resetBySeries.has(field)) continue;
            const entry = gatherField(ctx, field);
            if (entry?.lifetime !== 'element') continue;
            out.push({
              location: locateCode(patch, view.file, a.line, fn.name),
              message: `${tlb}->${field} is now only ever set, but nothing starts it at 0: struct mmu_gather lives on the caller's stack and neither __tlb_gather_mmu() nor __tlb_reset_range() touches the vma_* fields, so the flush it forces can run on stack garbage; and a flush of the gather does not clear it, so the forced flush repeats one already done. Reset it in __tlb_reset_range().`,
            });
          }
          // 2. A flush forced by a per-VMA flag that no flush resets: it runs again after the entries were flushed.
          for (const s of fn.statements.filter((x) => x.kind === 'if' && x.line.kind === 'add')) {
            for (const field of new Set(gatherAccesses(s.text, tlb))) {
              if (gatherField(ctx, field)?.lifetime !== 'element' || sticky.has(field) || resetBySeries.has(field)) continue;
              const forced = fn.calls.find((c) => c.line.line > s.line.line && c.guards.some((g) => s.text.includes(g)) && meaningOf(ctx, c, view.file)?.role === 'flush');
              if (!forced) continue;
              // A function that clears the flag once it has flushed keeps it from repeating.
              if (fn.assignments.some((a) => a.target.replace(/\s+/g, '') === `${tlb}->${field}` && clearsFlag(a))) continue;
              out.push({
                location: locateCode(patch, view.file, s.line, fn.name),
                message: `${forced.callee}() is forced whenever ${tlb}->${field} is set, but no flush of the gather clears ${field} (__tlb_reset_range() leaves the vma_* fields alone): when those entries were already flushed — at the end of that VMA — this flush is redundant; clear the flag when the gather flushes.`,
                evidence: [locateCode(patch, view.file, forced.line, fn.name)],
              });
            }
          }
        }
      }
    }
    // Both conclusions rest on what the whole series does to the flag: with patches missing, one of them may reset it.
    if (!wholeSeries(ctx)) {
      for (const f of out) {
        f.severity = 'info';
        f.message += ` (Patches ${absentPatches(ctx)} are not in the input; check that none of them resets it.)`;
      }
    }
    return out;
  },
};
