import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

/**
 * Page arithmetic and general mm vocabulary the folio rules read: what a
 * constant or call measures (pages, bytes, an order), which macros align,
 * which tests tell highmem, which GFP flags make a large-order attempt
 * cheap to fail, and the page-count statistics large folios must feed with
 * their page count. Concept `kernel`: naming these never makes a series
 * relevant; they give meaning to code in series that are.
 */
const e = entryMaker('kernel');
const MM = deb612('include/linux/mm.h');
const MATH = deb612('include/linux/math.h');
const ALIGN = deb612('include/linux/align.h');
const XARRAY = deb612('Documentation/core-api/xarray.rst (Multi-Index Entries)');
const GFP = deb612('include/linux/gfp_types.h');
const VMSTAT = deb612('include/linux/vmstat.h');
const bytesOfPage = { unit: 'bytes' as const, of: 'page' as const };

export const PAGES: ModelEntry[] = [
  // Units (review-prompts mm-folio.md "Folio Order vs Page Count")
  e('PAGE_SIZE', 'macro', 'use', 'bytes in one base page; a folio may hold many', mainline('2.6'), deb612('include/asm-generic/page.h'), ['FO-13'], { measures: bytesOfPage, confidence: 'V' }),
  e('offset_in_page', 'macro', 'use', 'byte offset of an address within its page: what a one-page mapping can reach from there is PAGE_SIZE minus it', mainline('2.6'), MM, ['FO-08', 'FO-13'], { measures: bytesOfPage, confidence: 'V' }),
  e('compound_nr', 'function', 'use', 'pages in the compound page a head page starts', mainline('5.5'), MM, ['FO-13'], { measures: { unit: 'pages', of: 'folio' }, returns: 'unsigned long', confidence: 'V' }),
  e('compound_order', 'function', 'use', 'order of the compound page a head page starts (0 for a base page)', mainline('2.6'), MM, ['FO-13'], { measures: { unit: 'order', of: 'folio' }, returns: 'int', confidence: 'V' }),
  e('page_size', 'function', 'use', 'bytes in the compound page a head page starts', mainline('5.1'), MM, ['FO-13'], { measures: { unit: 'bytes', of: 'folio' }, returns: 'unsigned long', confidence: 'V' }),
  e('xa_get_order', 'function', 'use', 'order of the multi-index entry covering an index; the index may be anywhere inside the entry', mainline('5.12'), XARRAY, ['FO-12'], { measures: { unit: 'order', of: 'entry' }, returns: 'int', confidence: 'K' }),
  e('xas_get_order', 'function', 'use', 'order of the multi-index entry an xa_state points at; xa_index is not moved to the entry start', mainline('6.10'), XARRAY, ['FO-12'], { measures: { unit: 'order', of: 'entry' }, returns: 'int', confidence: 'K' }),
  // Alignment (the index after a large entry is its aligned start plus its size)
  e('round_down', 'macro', 'use', 'round down to a power-of-two multiple', mainline('2.6'), MATH, ['FO-12'], { aligns: 'down', confidence: 'V' }),
  e('round_up', 'macro', 'use', 'round up to a power-of-two multiple', mainline('2.6'), MATH, ['FO-12'], { aligns: 'up', confidence: 'V' }),
  e('ALIGN_DOWN', 'macro', 'use', 'align down to a multiple', mainline('4.17'), ALIGN, ['FO-12'], { aligns: 'down', confidence: 'V' }),
  e('ALIGN', 'macro', 'use', 'align up to a multiple', mainline('2.6'), ALIGN, ['FO-12'], { aligns: 'up', confidence: 'V' }),
  e('IS_ALIGNED', 'macro', 'use', 'whether a value is a multiple of a power of two', mainline('2.6'), ALIGN, ['FO-12'], { aligns: 'test', confidence: 'V' }),
  // Highmem (Documentation/mm/highmem.rst)
  e('PageHighMem', 'macro', 'use', 'whether a page lives in highmem (no permanent kernel address)', mainline('2.6'), deb612('include/linux/page-flags.h'), ['FO-03', 'FO-15'], { tests: 'highmem', returns: 'bool', confidence: 'V' }),
  e('CONFIG_HIGHMEM', 'kconfig', 'use', 'the kernel has highmem: pages without a permanent kernel address exist (32-bit only)', mainline('2.6'), deb612('Documentation/mm/highmem.rst'), ['FO-15'], { tests: 'highmem', confidence: 'V' }),
  e('CONFIG_64BIT', 'kconfig', 'use', '64-bit kernel: every page is in the direct map, there is no highmem', mainline('2.6'), deb612('Documentation/mm/highmem.rst'), ['FO-15'], { tests: 'highmem', confidence: 'V' }),
  e('__GFP_HIGHMEM', 'gfp-flag', 'use', 'the allocation may return a highmem page', mainline('2.6'), GFP, ['FO-15'], { gfp: 'highmem', confidence: 'V' }),
  e('GFP_HIGHUSER', 'gfp-flag', 'use', 'user pages that may come from highmem', mainline('2.6'), GFP, ['FO-15'], { gfp: 'highmem', sleeps: true, confidence: 'V' }),
  e('GFP_HIGHUSER_MOVABLE', 'gfp-flag', 'use', 'movable user pages that may come from highmem (page cache default)', mainline('2.6'), GFP, ['FO-15', 'KRN-03'], { gfp: 'highmem', sleeps: true, confidence: 'V' }),
  // Large-order attempts (mm/filemap.c __filemap_get_folio: order > 0 adds both)
  e('__GFP_NORETRY', 'gfp-flag', 'use', 'fail early instead of retrying reclaim: how a large order is tried before falling back', mainline('2.6'), GFP, ['FO-14'], { gfp: 'opportunistic', confidence: 'V' }),
  e('__GFP_NOWARN', 'gfp-flag', 'use', 'no allocation-failure warning: an expected failure of a large-order attempt', mainline('2.6'), GFP, ['FO-14'], { gfp: 'opportunistic', confidence: 'V' }),
  // Page-count statistics: a large folio counts folio_nr_pages() (review-prompts mm-folio.md "Page-count accounting")
  e('add_mm_counter', 'function', 'use', 'add a number of pages to an mm RSS counter', mainline('2.6'), MM, ['FO-11'], { granularity: 'nr-pages', args: { count: 2 }, returns: 'void', confidence: 'V' }),
  e('__lruvec_stat_mod_folio', 'function', 'use', 'add a number of pages to a node/memcg statistic of a folio (irqs off)', mainline('5.16'), VMSTAT, ['FO-11'], { granularity: 'nr-pages', args: { folio: 0, count: 2 }, returns: 'void', confidence: 'V' }),
  e('lruvec_stat_mod_folio', 'function', 'use', 'add a number of pages to a node/memcg statistic of a folio', mainline('5.16'), VMSTAT, ['FO-11'], { granularity: 'nr-pages', args: { folio: 0, count: 2 }, returns: 'void', confidence: 'V' }),
  e('node_stat_mod_folio', 'function', 'use', 'add a number of pages to a node statistic of a folio', mainline('5.16'), VMSTAT, ['FO-11'], { granularity: 'nr-pages', args: { folio: 0, count: 2 }, returns: 'void', confidence: 'V' }),
];
