import { bare, callsIn, isZero } from '../code/index.js';
import type { Model } from './types.js';

/**
 * The folio whose first page `arg` is (FO-01): `&folio->page`,
 * `&folio->page[0]`, or a page-of-folio call the model says is asked for
 * page 0 (`folio_page(folio, 0)`), under casts and parentheses.
 */
export function firstPageOf(model: Model, arg: string, file: string): string | undefined {
  const a = bare(arg).replace(/\s+/g, '');
  const m = /^&\(?([A-Za-z_][\w.>-]*?)\)?->page(?:\[0\])?$/.exec(a);
  if (m) return m[1];
  const calls = callsIn(a);
  const c = calls[0];
  if (!c || c.at !== 0 || c.text.length !== a.length) return undefined;
  const mm = model.meaning(c.callee, c.args, file);
  if (mm?.granularity === 'page' && mm.folio !== undefined && isZero(mm.index)) return mm.folio;
  return undefined;
}
