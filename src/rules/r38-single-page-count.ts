import type { CallSite, FunctionView } from '../code/index.js';
import { firstPageOf, type CallMeaning } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, folioPageLoop, folioSizeUse, isOne, joinedFunction, meaningOf, order0Proof, pageSized, postFunctions, wordsIn } from './lib/index.js';

/** Another call in the function that passes a real count for the same page or folio: the batch is larger than one page. */
function siblingCount(ctx: RuleContext, fn: FunctionView, call: CallSite, m: CallMeaning, file: string): { call: CallSite; count: string } | undefined {
  const subject = (x: CallMeaning): string | undefined => (x.page ?? x.folio)?.replace(/\s+/g, '');
  const own = subject(m);
  if (!own) return undefined;
  for (const c of fn.calls) {
    if (c === call) continue;
    const o = meaningOf(ctx, c, file);
    if (!o || o.granularity !== 'nr-pages' || o.count === undefined || isOne(o.count) || /^-?\d+$/.test(o.count.trim())) continue;
    const theirs = subject(o);
    if (theirs === own || (o.folio !== undefined && m.folio !== undefined && o.folio.replace(/\s+/g, '') === m.folio.replace(/\s+/g, ''))) return { call: c, count: o.count.trim() };
  }
  return undefined;
}

/**
 * A count of 1 (or PAGE_SIZE bytes) left in code that handles a possibly
 * large folio (FO-11): an nr-pages API or a page statistic told one page, in
 * a function that shows the folio can be larger — another call passes the
 * batch's count for the same page or folio, or the function measures the
 * folio's size — and shows no order-0 guard. The first page is handled or
 * accounted and the rest is not. A warning: the input shows the mismatch,
 * not which count the author meant.
 */
export const rule: Rule = {
  meta: {
    id: 'R38',
    name: 'single-page-count',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio'],
    summary: 'An nr-pages API or page statistic is given a count of 1 (or a folio API PAGE_SIZE bytes) in code that handles a possibly large folio.',
    fix: 'Pass the folio\'s page count (folio_nr_pages(folio), or the batch\'s nr) or folio_size(folio); or guard the code as order-0 only.',
    refs: ['FO-11', 'FO-01', 'lore:ZgazhqoK2Icgahy9@casper.infradead.org'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      const file = view.file;
      const fn = joinedFunction(view, piece);
      for (const call of piece.calls) {
        if (call.line.kind !== 'add') continue;
        const m = meaningOf(ctx, call, file);
        if (!m) continue;
        let what: string;
        if (m.granularity === 'nr-pages' && isOne(m.count)) {
          // The first page of a folio given to a one-page count is R01's error.
          if (m.page !== undefined && firstPageOf(ctx.model, m.page, file)) continue;
          what = `a count of ${m.count!.trim()}`;
        } else if (m.granularity === 'folio' && m.bytes !== undefined && pageSized(ctx, m.bytes) && wordsIn(m.bytes).length === 1) {
          what = `${m.bytes.trim()} bytes`;
        } else continue;
        if (folioPageLoop(ctx, call.loops, file) || order0Proof(ctx, fn, call, file)) continue;
        const sibling = siblingCount(ctx, fn, call, m, file);
        const sized = sibling ? undefined : folioSizeUse(ctx, fn, file);
        if (!sibling && !sized) continue;
        const why = sibling ? `${sibling.call.callee}() in the same function is given ${sibling.count} for it` : `${fn.name}() handles folios of any size (${sized!.text.trim()})`;
        out.push({
          location: callLocation({ patch, view, fn: piece, call }),
          message: `${call.callee}() is given ${what}, but ${why}: for a large folio only the first page is ${m.role === 'access' ? 'handled' : 'counted'}; pass the folio's page count (folio_nr_pages() or the batch's count).`,
          evidence: sibling ? [callLocation({ patch, view, fn: piece, call: sibling.call })] : [],
        });
      }
    }
    return out;
  },
};
