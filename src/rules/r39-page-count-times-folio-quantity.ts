import type { FindingDraft, Rule, RuleContext } from './types.js';
import { joinedFunction, localQuantities, locateCode, postFunctions, quantityOf, type Quantity } from './lib/index.js';

/** An operand: a name, a field chain, or a call without nested calls. */
const OPERAND = String.raw`[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*(?:\s*\([^()]*\))?`;
const PRODUCT = new RegExp(`(${OPERAND})\\s*\\*\\s*(${OPERAND})`, 'g');
/** The kernel's names for a count of pages (nr_pages, npages, numpages, and names built on them: req_nr_pages). */
const PAGE_COUNT_NAME = /(?:^|_)(?:nr_?pages|n_?pages|num_?pages)(?:_|$)/i;

function pageCount(ctx: RuleContext, text: string, file: string, locals: ReadonlyMap<string, Quantity[]>): string | undefined {
  const last = text.split(/->|\./).pop()!.trim();
  if (PAGE_COUNT_NAME.test(last)) return `${text.trim()} counts pages`;
  const q = quantityOf(ctx, text, file, locals);
  return q?.unit === 'pages' ? `${text.trim()} is ${q.of === 'folio' ? "a folio's" : 'a'} page count` : undefined;
}

function perFolio(ctx: RuleContext, text: string, file: string, locals: ReadonlyMap<string, Quantity[]>): Quantity | undefined {
  const q = quantityOf(ctx, text, file, locals);
  return q && q.of === 'folio' && (q.unit === 'count' || q.unit === 'bytes') ? q : undefined;
}

/**
 * A count of pages multiplied by a per-folio quantity (FO-13): `nr_pages *
 * blocks_per_folio` where blocks_per_folio comes from folio_size(). Pages
 * times blocks-per-folio is no unit at all; once folios are larger than a
 * page it overshoots by the folio's page count. Pages go with per-page
 * quantities, folios with per-folio ones. A warning: the operands' units are
 * read from the model and the kernel's naming, not proven.
 */
export const rule: Rule = {
  meta: {
    id: 'R39',
    name: 'page-count-times-folio-quantity',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio'],
    summary: 'A count of pages is multiplied by a per-folio quantity (derived from folio_size()/folio_nr_pages()): mixed units that overshoot once folios are larger than a page.',
    fix: 'Multiply pages by a per-page quantity (PAGE_SIZE >> blkbits), or count in folios, bytes or blocks on both sides (pass nr_bytes / nr_blocks instead of nr_pages).',
    refs: ['FO-13', 'lore:Z7Ow_ib2GDobCXdP@casper.infradead.org'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      const file = view.file;
      const locals = localQuantities(ctx, joinedFunction(view, piece), file);
      for (const s of piece.statements) {
        if (s.line.kind !== 'add' || (s.kind === 'declaration' && !/=/.test(s.text))) continue;
        // Only the value side: a declaration's `struct page *page` is not a product.
        const text = s.kind === 'declaration' ? s.text.slice(s.text.indexOf('=') + 1) : s.text;
        for (const m of text.matchAll(PRODUCT)) {
          const [a, b] = [m[1]!, m[2]!];
          for (const [x, y] of [[a, b], [b, a]] as const) {
            const pages = pageCount(ctx, x, file, locals);
            const folio = pages ? perFolio(ctx, y, file, locals) : undefined;
            if (!pages || !folio) continue;
            out.push({
              location: locateCode(patch, file, s.line, piece.name),
              message: `${x.trim()} * ${y.trim()} multiplies a count of pages by a per-folio quantity (${y.trim()} comes from ${folio.from}): ${pages}, so once folios are larger than a page this overshoots by the folio's page count.`,
            });
            break;
          }
        }
      }
    }
    return out;
  },
};
