import type { FindingDraft, Rule, RuleContext } from './types.js';
import type { FileView, FunctionView } from '../code/index.js';
import { compareKernelVersions, firstPageOf, type CallMeaning } from '../model/index.js';
import { callLocation, folioPageLoop, isOne, localQuantities, meaningOf, order0Allocation, order0Proof, pageSized, postCalls, quantityOf, type Quantity } from './lib/index.js';

/** The file allocates its folios with order 0 itself (secretmem does): evidence the folio is one page. */
function fileAllocatesOrder0(ctx: RuleContext, view: FileView): string | undefined {
  for (const fn of view.post) {
    const alloc = order0Allocation(ctx, fn, view.file);
    if (alloc) return `${fn.name}() allocates order-0: ${alloc.text.trim()}`;
  }
  return undefined;
}

/** For a call with a byte range: the offset or length that can lie past the first page of a large folio. */
function folioRange(ctx: RuleContext, fn: FunctionView, m: CallMeaning, file: string): Quantity | undefined {
  const locals = localQuantities(ctx, fn, file);
  for (const text of [m.offset, m.bytes]) {
    if (text === undefined) continue;
    const q = quantityOf(ctx, text, file, locals);
    if (q?.of === 'folio' && q.unit !== 'order') return q;
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'R01',
    name: 'folio-single-page',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'error',
    concepts: ['folio', 'direct-map'],
    summary: 'A per-page API is given the first page of a folio (&folio->page, folio_page(f, 0)): a whole-page API with no loop over folio_nr_pages() and no order-0 guard, or a byte-range API whose range can run past that page when the API maps only the page given.',
    fix: 'Loop i < folio_nr_pages(folio) over folio_page(folio, i) (and flush once after the loop), call a folio-wide helper (set_direct_map_valid_noflush(page, folio_nr_pages(folio), valid), folio_zero_range()), or clamp a byte range to the page and step page by page.',
    refs: ['FO-01', 'FO-09', 'DM-06', 'GM-13', 'seed:003', 'lore:20240709132041.3625501-1-roypat@amazon.co.uk', 'lore:20230604182952.GH72241@frogsfrogsfrogs'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const found of postCalls(ctx, () => true)) {
      const { call, fn, view } = found;
      if (call.line.kind !== 'add') continue;
      const m = meaningOf(ctx, call, view.file);
      if (!m || m.page === undefined) continue;
      // One page: a per-page API, or an nr-pages API told 1.
      if (m.granularity !== 'page' && !(m.granularity === 'nr-pages' && isOne(m.count))) continue;
      // A one-page mapping is judged by how far its user copies (R37).
      if (m.entry.maps === 'one-page') continue;
      const folio = firstPageOf(ctx.model, m.page, view.file);
      if (!folio) continue;
      if (folioPageLoop(ctx, call.loops, view.file)) continue;
      const first = m.page.trim();
      let message: string;
      if (m.offset !== undefined || m.bytes !== undefined) {
        const range = folioRange(ctx, fn, m, view.file);
        if (!range) continue;
        const since = m.entry.compoundRange;
        // Since `since` the API walks the sub-pages of a compound page itself.
        if (since && compareKernelVersions(ctx.model.kernel, since) >= 0) continue;
        message = `${call.callee}(${first}, …) is given the first page of ${folio} with a range that can run past it (${range.from} is a position in the folio), but ${since ? `before ${since} ` : ''}${call.callee}() maps and copies within that one page: on HIGHMEM the rest of the range is not mapped.`;
      } else if (m.entry.maps === 'direct-map') {
        const stmt = fn.statements[call.statement]?.text ?? call.text;
        const size = pageSized(ctx, stmt);
        if (!size) continue;
        message = `${call.callee}(${first}) with a ${size} length covers only the first page of ${folio}: for a large folio the other pages are left untouched.`;
      } else {
        message = `${call.callee}(${first}) handles only the first page of ${folio}: for a large folio the other pages are left untouched.`;
      }
      const guard = order0Proof(ctx, fn, call, view.file) ?? fileAllocatesOrder0(ctx, view);
      out.push({
        location: callLocation(found),
        severity: guard ? 'info' : undefined,
        message: guard ? `${message.replace(/: for a large folio.*$|: on HIGHMEM.*$/, '')}; the code shows it is order-0 (${guard}), so this holds until large folios reach it.` : message,
      });
    }
    return out;
  },
};
