import { describe, expect, it } from 'vitest';
import type { CallSite } from '../../src/code/index.js';
import { granularityText } from '../../src/model/call-detail.js';
import { firstPageOf, loadModel } from '../../src/model/index.js';

const model = loadModel();
const FILE = 'virt/kvm/guest_memfd.c';

describe('the first page of a folio', () => {
  it('is &folio->page or a page-of-folio call asked for page 0, under casts and blanks', () => {
    expect(firstPageOf(model, '&folio->page', FILE)).toBe('folio');
    expect(firstPageOf(model, '& ( folio ) -> page', FILE)).toBe('folio');
    expect(firstPageOf(model, '&folio->page[0]', FILE)).toBe('folio');
    expect(firstPageOf(model, '(struct page *)&f->page', FILE)).toBe('f');
    expect(firstPageOf(model, 'folio_page(folio, 0)', FILE)).toBe('folio');
    expect(firstPageOf(model, 'folio_page(folio, 0UL)', FILE)).toBe('folio');
    expect(firstPageOf(model, 'folio_page(folio, i)', FILE)).toBeUndefined();
    expect(firstPageOf(model, '&folio->page[1]', FILE)).toBeUndefined();
    expect(firstPageOf(model, 'page', FILE)).toBeUndefined();
    expect(firstPageOf(model, 'folio_page(folio, 0) + 1', FILE)).toBeUndefined();
  });

  it('is what a per-page call in a loop is told it handles on every iteration', () => {
    const entry = model.bySymbol.get('set_direct_map_default_noflush')!;
    expect(entry.granularity).toBe('page');
    const loops = [{ header: 'for (i = 0; i < nr; i++)' }] as unknown as CallSite['loops'];
    expect(granularityText(model, FILE, entry, ['&folio->page'], loops)).toBe('one page per iteration of for (i = 0; i < nr; i++)');
    expect(granularityText(model, FILE, entry, ['folio_page(folio, 0UL)'], loops)).toBe('one page per iteration of for (i = 0; i < nr; i++)');
    expect(granularityText(model, FILE, entry, ['folio_page(folio, i)'], loops)).toBe('page per iteration of for (i = 0; i < nr; i++)');
    expect(granularityText(model, FILE, entry, ['folio_page(folio, 0)'])).toBe('one page');
  });
});
