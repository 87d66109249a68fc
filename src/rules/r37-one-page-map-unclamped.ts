import type { CallSite, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, folioSizeUse, joinedFunction, withRenamedOwner, meaningOf, order0Proof, pageMeasured, postFunctions, testsIn, wordsIn } from './lib/index.js';

/** Names that hold the mapping: the variable it is assigned to and variables assigned from it. */
function aliasesOf(fn: FunctionView, name: string, from: number, to: number): Set<string> {
  const names = new Set([name]);
  for (const a of [...fn.assignments].sort((x, y) => x.line.line - y.line.line)) {
    if (a.line.line < from || a.line.line > to) continue;
    if ([...names].some((n) => new RegExp(`\\b${n}\\b`).test(a.value)) && /^[A-Za-z_]\w*$/.test(a.target)) names.add(a.target);
  }
  return names;
}

/** The line where the mapping ends: the model's release of it, or the function's end. */
function unmapLine(ctx: RuleContext, fn: FunctionView, map: CallSite, names: Set<string>, file: string): number {
  const release = fn.calls.find((c) => c.line.line > map.line.line && meaningOf(ctx, c, file)?.role === 'release' && c.args.some((a) => wordsIn(a).some((w) => names.has(w))));
  return release?.line.line ?? fn.endLine;
}

/**
 * A one-page mapping (kmap_local_folio(), kmap_local_page(), kmap_atomic())
 * handed to a copy in code written for folios of any size, with nothing that
 * limits the copy to the mapped page (FO-08): on HIGHMEM only the page
 * containing the offset is mapped and the copy runs off its end; on 64-bit
 * the direct map hides it. A warning: the input shows the missing clamp and
 * the large folio, not the length the copy will reach.
 */
export const rule: Rule = {
  meta: {
    id: 'R37',
    name: 'one-page-map-unclamped',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio'],
    summary: 'A one-page mapping (kmap_local_folio/kmap_local_page) of a possibly large folio is handed to a copy whose length nothing clamps to the mapped page (PAGE_SIZE - offset_in_page(), or a folio_test_highmem() branch).',
    fix: 'Clamp each copy to the mapped page (n = min(len, PAGE_SIZE - offset_in_page(offset)) when folio_test_highmem(folio)) and loop page by page, or use a folio helper that does (memcpy_to_folio(), memcpy_from_folio(), copy_folio_to_iter()).',
    refs: ['FO-08', 'FO-01', 'lore:aCPhbVxmfmBjC8Jh@casper.infradead.org'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      const file = view.file;
      // A renamed function touched in several hunks is one function (its fragments carry the old name).
      const joined = joinedFunction(view, piece);
      // A fragment git names after the function's old name belongs to the renamed definition above it.
      const fn = joined === piece ? withRenamedOwner(view, piece) : joined;
      for (const map of piece.calls) {
        const m = meaningOf(ctx, map, file);
        if (m?.entry.maps !== 'one-page' || !map.assignedTo || !/^[A-Za-z_]\w*$/.test(map.assignedTo)) continue;
        const names = aliasesOf(fn, map.assignedTo, map.line.line, fn.endLine);
        const end = unmapLine(ctx, fn, map, names, file);
        const uses = fn.calls.filter((c) => c.line.line > map.line.line && c.line.line < end && meaningOf(ctx, c, file)?.role !== 'release' && c.args.some((a) => wordsIn(a).some((w) => names.has(w))));
        if (uses.length === 0) continue;
        if (map.line.kind !== 'add' && uses.every((u) => u.line.kind !== 'add')) continue;
        // The folio may be large: the function measures it and does not prove it order-0.
        const sized = folioSizeUse(ctx, fn, file);
        if (!sized || order0Proof(ctx, fn, map, file)) continue;
        // Anything that limits the copy to the page, anywhere before the unmap (a clamp often precedes the loop).
        const span = fn.statements.filter((s) => s.line.line <= end);
        const clamped = [...span.map((s) => s.text), ...map.guards].some((t) => pageMeasured(ctx, t) || testsIn(ctx, t, file, 'highmem'));
        if (clamped) continue;
        const use = uses[0]!;
        out.push({
          location: callLocation({ patch, view, fn: piece, call: map }),
          message: `${map.callee}() maps only the page that holds the offset, but ${fn.name}() handles folios of any size (${sized.text.trim()}) and hands the mapping to ${use.callee}() with a length nothing limits to that page: on HIGHMEM the copy runs past the mapped page; clamp it to PAGE_SIZE - offset_in_page() and loop.`,
          evidence: [callLocation({ patch, view, fn: piece, call: use })],
        });
      }
    }
    return out;
  },
};
