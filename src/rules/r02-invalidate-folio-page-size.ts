import type { FindingDraft, Rule } from './types.js';
import { locateCode, postFunctions } from './lib/index.js';
import { boundAops } from './lib/aops.js';

export const rule: Rule = {
  meta: {
    id: 'R02',
    name: 'invalidate-folio-page-size',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'error',
    concepts: ['folio', 'guest-memfd'],
    summary: 'An invalidate_folio(folio, offset, length) implementation compares the range with PAGE_SIZE instead of folio_size(folio).',
    fix: 'Compare with folio_size(folio): a full invalidation is offset == 0 && length == folio_size(folio). Better, do not restore the direct map in invalidate_folio at all (R07).',
    refs: ['FO-02', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const bound = boundAops(ctx);
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const op = bound.get(fn.name) ?? (/_invalidate_folio$/.test(fn.name) ? 'invalidate_folio' : undefined);
      if (op !== 'invalidate_folio') continue;
      for (const s of fn.statements) {
        if (!/\bPAGE_SIZE\b/.test(s.text) || /folio_size/.test(s.text)) continue;
        out.push({
          location: locateCode(patch, view.file, s.line, fn.name),
          message: `${fn.name}() is the invalidate_folio operation but compares with PAGE_SIZE: for a large folio a full invalidation has length == folio_size(folio), so this path never runs for it.`,
        });
      }
    }
    return out;
  },
};
