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

const PAGE_COUNT = /folio_nr_pages|nr_pages|npages|nr\b|folio_size|folio_order|PAGE_SIZE\s*<</;

/** The loop walks the pages of a folio or a page range. */
export function pageLoop(loops: LoopInfo[]): LoopInfo | undefined {
  return loops.find((l) => PAGE_COUNT.test(l.bound) || PAGE_COUNT.test(l.header) || /for_each_\w*page|folio_for_each/.test(l.bound));
}
