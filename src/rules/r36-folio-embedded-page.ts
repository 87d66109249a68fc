import type { CallSite } from '../code/index.js';
import { firstPageOf } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { deletedTexts, embeddedPageOf, folioPageLoop, folioSizeUse, isFolioName, isOne, joinedFunction, locateCode, meaningOf, postFunctions } from './lib/index.js';

/**
 * `&folio->page` in new code: Matthew Wilcox's rule for the folio/page split
 * (FO-10). It is the marker for "nobody has thought about which page is
 * meant"; code that has thought says folio_page(folio, n) or
 * folio_file_page(folio, index), or passes the folio. An info: it works
 * today, and whether the head page is right the input cannot tell.
 */
export const rule: Rule = {
  meta: {
    id: 'R36',
    name: 'folio-embedded-page',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'info',
    concepts: ['folio'],
    summary: 'New code takes `&folio->page` (assigned to a page pointer or passed to a call) where the page it means should be named: folio_page(folio, n), folio_file_page(folio, index), or the folio itself.',
    fix: 'Decide which page of the folio the callee needs: folio_page(folio, 0) when it is the first page (and say why), folio_file_page(folio, index) for the page of a file index, or pass the folio to a folio API.',
    refs: ['FO-10', 'FO-04', 'lore:ZmiZmX_yR4wDHR1h@casper.infradead.org', 'lore:ZmiRcUYxrZ5NQQX8@casper.infradead.org'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      // Which page is meant matters where the folio can be large: the function measures or tests its size.
      const fn = joinedFunction(view, piece);
      if (!folioSizeUse(ctx, fn, view.file) && !fn.calls.some((c) => meaningOf(ctx, c, view.file)?.entry.tests === 'large')) continue;
      const moved = deletedTexts(patch);
      const done = new Set<number>();
      for (const s of piece.statements) {
        if (s.line.kind !== 'add' || done.has(s.line.line)) continue;
        const page = embeddedPageOf(s.text);
        if (!page || !isFolioName(fn, page.folio)) continue;
        // Moved or re-indented code is not new code.
        if (moved.has(s.text.replace(/\s+/g, ' ').trim())) continue;
        const at = s.text.indexOf(page.text);
        // A comparison asks whether a page is the head page: that is about identity, not about which page to use.
        const around = `${s.text.slice(Math.max(0, at - 4), at)}|${s.text.slice(at + page.text.length, at + page.text.length + 4)}`;
        if (/[!=]=|[<>]/.test(around.replace(/->/g, ''))) continue;
        const assigned = new RegExp(`=\\s*${escape(page.text)}`).test(s.text) && !/[!=<>]=\s*&/.test(s.text);
        const call = piece.calls.find((c) => c.line.line === s.line.line && c.args.some((a) => a.replace(/\s+/g, '') === page.text.replace(/\s+/g, '')));
        if (!assigned && !call) continue;
        if (call && reportedByR01(ctx, call, view.file)) continue;
        done.add(s.line.line);
        const use = call ? `passed to ${call.callee}()` : 'taken as a page';
        out.push({
          location: locateCode(patch, view.file, s.line, piece.name),
          message: `${page.text.replace(/\s+/g, '')} is ${use}: the head page works today, but new code should name the page it means — folio_page(${page.folio}, 0) if the first page is right (and why), folio_file_page(${page.folio}, index) for the page of an index, or a folio API — so the folio/page split does not have to revisit it.`,
        });
      }
    }
    return out;
  },
};

/** R01 already reports a whole-page API given the first page of a folio as an error; one finding per line is enough. */
function reportedByR01(ctx: RuleContext, call: CallSite, file: string): boolean {
  const m = meaningOf(ctx, call, file);
  if (!m || m.page === undefined || m.entry.maps || m.offset !== undefined || m.bytes !== undefined) return false;
  if (m.granularity !== 'page' && !(m.granularity === 'nr-pages' && isOne(m.count))) return false;
  return firstPageOf(ctx.model, m.page, file) !== undefined && !folioPageLoop(ctx, call.loops, file);
}

function escape(s: string): string {
  return s.replace(/\s+/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/(\\?.)/g, '$1\\s*');
}
