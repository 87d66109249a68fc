import type { CallSite, FileView, FunctionView, LoopInfo } from '../../code/index.js';
import type { DiffPatch } from '../../diff/index.js';
import type { Location } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { locateCode } from './locate.js';

export interface FoundCall {
  patch: DiffPatch;
  view: FileView;
  fn: FunctionView;
  call: CallSite;
}

/** Calls in the post image of every patch of the series whose callee is one of `names`. */
export function* postCalls(ctx: RuleContext, names: ReadonlySet<string> | ((callee: string) => boolean)): Generator<FoundCall> {
  const want = typeof names === 'function' ? names : (c: string) => names.has(c);
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post) {
        for (const call of fn.calls) if (want(call.callee)) yield { patch, view, fn, call };
      }
    }
  }
}

export function* postFunctions(ctx: RuleContext): Generator<{ patch: DiffPatch; view: FileView; fn: FunctionView }> {
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) for (const fn of view.post) yield { patch, view, fn };
  }
}

export function callLocation(found: { patch: DiffPatch; view: FileView; fn: FunctionView; call: CallSite }): Location {
  return locateCode(found.patch, found.view.file, found.call.line, found.fn.name);
}

/** `&folio->page`, `&f->page`, `folio_page(folio, 0)`, `&folio->page[0]`: the first page only. */
export function isFirstPageOf(arg: string): string | undefined {
  const a = arg.replace(/\s+/g, '');
  let m = /^&\(?([A-Za-z_][\w.>-]*?)\)?->page(?:\[0\])?$/.exec(a);
  if (m) return m[1];
  m = /^folio_page\(([^,]+),0\)$/.exec(a);
  if (m) return m[1];
  m = /^folio_page\(([^,]+),\(?0U?L?\)?\)$/.exec(a);
  return m?.[1];
}

const PAGE_COUNT = /folio_nr_pages|nr_pages|npages|nr\b|folio_size|folio_order|PAGE_SIZE\s*<</;

/** The loop walks the pages of a folio or a page range. */
export function pageLoop(loops: LoopInfo[]): LoopInfo | undefined {
  return loops.find((l) => PAGE_COUNT.test(l.bound) || PAGE_COUNT.test(l.header) || /for_each_\w*page|folio_for_each/.test(l.bound));
}

const ORDER0_GUARD = /folio_test_large|folio_order\s*\([^)]*\)\s*(?:==|!=|>|<=?)\s*0\b|!\s*folio_order\s*\(|folio_nr_pages\s*\([^)]*\)\s*(?:==|!=|>)\s*1|folio_test_hugetlb|PageCompound|folio_size\s*\([^)]*\)\s*[!=]=\s*PAGE_SIZE/;

/**
 * The function shows the folio is order-0: a guard such as
 * `WARN_ON_ONCE(folio_test_large(folio))` before the call, an enclosing
 * condition on the folio's order, or an order-0 allocation in the function.
 */
export function order0Evidence(fn: FunctionView, call: CallSite): string | undefined {
  const guard = call.guards.find((g) => ORDER0_GUARD.test(g));
  if (guard) return guard;
  for (const s of fn.statements) {
    if (s.line.line >= call.line.line) break;
    if (ORDER0_GUARD.test(s.text)) return s.text.trim();
  }
  const alloc = fn.calls.find((c) => /^(folio_alloc|__folio_alloc|filemap_alloc_folio|alloc_pages|__filemap_get_folio)$/.test(c.callee) && c.args.some((a) => /^0$/.test(a.trim())));
  if (alloc) return alloc.text.trim();
  return undefined;
}
