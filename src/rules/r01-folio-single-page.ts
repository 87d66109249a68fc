import type { FindingDraft, Rule } from './types.js';
import type { FileView } from '../code/index.js';
import { callLocation, isFirstPageOf, order0Evidence, pageLoop, postCalls } from './lib/index.js';

const ORDER0_ALLOC = /^(folio_alloc|__folio_alloc|alloc_pages|alloc_page|folio_alloc_mpol|__folio_alloc_node)$/;

/** The file allocates its folios with order 0 itself (secretmem does): evidence the folio is one page. */
function fileAllocatesOrder0(view: FileView): string | undefined {
  for (const fn of view.post) {
    const alloc = fn.calls.find((c) => (c.callee === 'alloc_page' || (ORDER0_ALLOC.test(c.callee) && c.args.some((a, i) => i > 0 && a.trim() === '0'))));
    if (alloc) return `${fn.name}() allocates order-0: ${alloc.text.trim()}`;
  }
  return undefined;
}

/** Per-page primitives: handed `&folio->page` they touch only the first 4 KiB of a folio. */
const PER_PAGE = new Set([
  'set_direct_map_invalid_noflush',
  'set_direct_map_default_noflush',
  'set_direct_map_valid_noflush',
  'clear_highpage',
  'clear_page',
  'kmap_local_page',
  'kmap_atomic',
  'kmap',
  'copy_highpage',
  'copy_user_highpage',
  'flush_dcache_page',
  'page_address',
]);

export const rule: Rule = {
  meta: {
    id: 'R01',
    name: 'folio-single-page',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'error',
    concepts: ['folio', 'direct-map'],
    summary: 'A per-page primitive is given the first page of a folio (&folio->page, folio_page(f, 0)) with no loop over folio_nr_pages() and no order-0 guard.',
    fix: 'Loop i < folio_nr_pages(folio) over folio_page(folio, i) (and flush once after the loop), or call a folio-wide helper such as set_direct_map_valid_noflush(page, folio_nr_pages(folio), valid).',
    refs: ['FO-01', 'DM-06', 'GM-13', 'seed:003', 'lore:20240709132041.3625501-1-roypat@amazon.co.uk'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const found of postCalls(ctx, PER_PAGE)) {
      const { call, fn } = found;
      const folio = call.args.length ? isFirstPageOf(call.args[0]!) : undefined;
      if (!folio) continue;
      if (call.callee === 'set_direct_map_valid_noflush' && call.args[1] && !/^1$/.test(call.args[1].trim())) continue;
      if (call.callee === 'page_address' && !/PAGE_SIZE/.test(fn.statements[call.statement]?.text ?? call.text)) continue;
      if (pageLoop(call.loops)) continue;
      const guard = order0Evidence(fn, call) ?? fileAllocatesOrder0(found.view);
      const first = call.args[0]!.trim();
      out.push({
        location: callLocation(found),
        severity: guard ? 'info' : undefined,
        message: guard
          ? `${call.callee}(${first}) handles only the first page of ${folio}; the function shows it is order-0 (${guard}), so this holds until large folios reach it.`
          : `${call.callee}(${first}) handles only the first page of ${folio}: for a large folio the other ${'pages'} are left untouched.`,
      });
    }
    return out;
  },
};
