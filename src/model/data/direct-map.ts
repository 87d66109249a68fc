import type { ModelEntry } from '../types.js';
import { entryMaker, inSeries, mainline, removed } from './build.js';
import { S, deb612 } from './sources.js';

const e = entryMaker('direct-map');
const SET_MEMORY = deb612('include/linux/set_memory.h');
const SERIES_DM = 'guest_memfd direct map removal';

/** Direct-map manipulation API and the no-direct-map mapping state (MODEL.md §2.3, GUP-07). */
export const DIRECT_MAP: ModelEntry[] = [
  e('set_direct_map_invalid_noflush', 'function', 'remove', 'unmap exactly one page from the direct map without flushing the TLB; may fail splitting a huge entry', mainline('5.2'), SET_MEMORY, ['DM-01', 'DM-02', 'DM-03', 'FO-01'], { granularity: 'page', flushes: { x86: false, arm64: false, '*': false }, returns: 'int', confidence: 'V' }),
  e('set_direct_map_default_noflush', 'function', 'restore', 'map one page back into the direct map with default permissions, no flush', mainline('5.2'), SET_MEMORY, ['DM-01', 'DM-03', 'FO-01'], { granularity: 'page', flushes: { '*': false }, returns: 'int', confidence: 'V' }),
  e('set_direct_map_valid_noflush', 'function', 'remove', 'set nr pages invalid (valid=false) or valid (true); arm64 and s390 flush inside, x86 does not', mainline('6.13'), S.S4, ['DM-01', 'DM-03', 'DM-07', 'DM-09'], { granularity: 'nr-pages', flushes: { x86: false, arm64: true, s390: true }, returns: 'int', confidence: 'K' }),
  e('__set_pages_np', 'function', 'remove', 'x86 CPA: make pages not-present without flushing', mainline('5.2'), deb612('arch/x86/mm/pat/set_memory.c'), ['DM-03'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'int', confidence: 'K' }),
  e('__set_pages_p', 'function', 'restore', 'x86 CPA: make pages present again without flushing', mainline('5.2'), deb612('arch/x86/mm/pat/set_memory.c'), ['DM-03'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'int', confidence: 'K' }),
  e('set_memory_np', 'function', 'remove', 'make a kernel VA range not present; flushes on every call (global IPI)', mainline('2.6'), deb612('arch/x86/include/asm/set_memory.h'), ['DM-12'], { granularity: 'range', flushes: { '*': true }, returns: 'int', confidence: 'K' }),
  e('set_memory_p', 'function', 'restore', 'make a kernel VA range present again; flushes', mainline('2.6'), deb612('arch/x86/include/asm/set_memory.h'), ['DM-12'], { granularity: 'range', flushes: { '*': true }, returns: 'int', confidence: 'K' }),
  e('set_pages_np', 'function', 'remove', 'page form of set_memory_np; flushes', mainline('2.6'), deb612('arch/x86/include/asm/set_memory.h'), ['DM-12'], { granularity: 'nr-pages', flushes: { '*': true }, returns: 'int', confidence: 'K' }),
  e('__kernel_map_pages', 'function', 'remove', 'debug-pagealloc map/unmap of n pages; x86 flushes the local CPU only; debug-only since 5.11', mainline('2.6'), deb612('include/linux/mm.h'), ['KPE-05', 'DM-12'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'void', confidence: 'V' }),
  e('kernel_map_pages', 'function', 'remove', 'old general wrapper of __kernel_map_pages, used by the 2020 RFC; gone since 5.11', removed('5.11'), S.S24, ['KPE-05'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'void', confidence: 'V' }),
  e('debug_pagealloc_map_pages', 'function', 'restore', 'debug-pagealloc: map pages back (no-op without the debug option)', mainline('5.11'), deb612('include/linux/mm.h'), ['KPE-05'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'void', confidence: 'V' }),
  e('debug_pagealloc_unmap_pages', 'function', 'remove', 'debug-pagealloc: unmap pages (no-op without the debug option)', mainline('5.11'), deb612('include/linux/mm.h'), ['KPE-05'], { granularity: 'nr-pages', flushes: { x86: false }, returns: 'void', confidence: 'V' }),
  e('can_set_direct_map', 'function', 'check-capability', 'whether this arch/boot can change the direct map (false on arm64 with a block-mapped linear map)', mainline('5.10'), SET_MEMORY, ['DM-01'], { returns: 'bool', confidence: 'V' }),
  e('kernel_page_present', 'function', 'use', 'whether a page is mapped in the direct map (true when the arch cannot change it)', mainline('5.10'), SET_MEMORY, ['DM-01'], { granularity: 'page', returns: 'bool', confidence: 'V' }),
  e('CONFIG_ARCH_HAS_SET_DIRECT_MAP', 'kconfig', 'check-capability', 'arch implements the direct-map setters; otherwise they are no-op stubs', mainline('5.2'), SET_MEMORY, ['DM-01'], { confidence: 'V' }),
  e('folio_zap_direct_map', 'function', 'remove', 'remove every page of a folio from the direct map and flush the range', inSeries('v12', SERIES_DM), S.S14, ['DM-09', 'DM-10'], { granularity: 'folio', flushes: { '*': true }, returns: 'int', confidence: 'V' }),
  e('folio_restore_direct_map', 'function', 'restore', 'put a zapped folio back into the direct map; warns once on failure; only after a successful zap', inSeries('v12', SERIES_DM), S.S14, ['DM-09', 'DM-10', 'DM-13'], { granularity: 'folio', flushes: { '*': false }, returns: 'void', confidence: 'V' }),
  e('EXPORT_SYMBOL_FOR_MODULES', 'macro', 'use', 'export a symbol to named modules only; the series exports direct-map helpers to "kvm"', mainline('6.18'), S.S13, ['DM-04'], { confidence: 'K' }),
  // mapping state
  e('AS_NO_DIRECT_MAP', 'mapping-flag', 'check-flag', 'folios of the mapping are not in the direct map: GUP and other kernel readers must refuse them', inSeries('v12', SERIES_DM), S.S26, ['GUP-07', 'REG-04'], { registry: 'as-flags', value: '11', confidence: 'V' }),
  e('mapping_no_direct_map', 'function', 'refuse', 'AS_NO_DIRECT_MAP test of a mapping; generalizes secretmem_mapping()', inSeries('v12', SERIES_DM), S.S26, ['GUP-07', 'GUP-08'], { returns: 'bool', confidence: 'V' }),
  e('vma_has_no_direct_map', 'function', 'refuse', 'AS_NO_DIRECT_MAP test of a VMA; generalizes vma_is_secretmem()', inSeries('v12', SERIES_DM), S.S26, ['GUP-07'], { returns: 'bool', confidence: 'V' }),
  e('AS_INACCESSIBLE', 'mapping-flag', 'check-flag', 'do not attempt direct kernel R/W of the mapping (truncation must not zero partial folios)', mainline('6.11'), deb612('include/linux/pagemap.h'), ['GM-12', 'REG-04'], { registry: 'as-flags', value: '8', confidence: 'V' }),
  e('mapping_set_inaccessible', 'function', 'annotate', 'set AS_INACCESSIBLE on a mapping (guest_memfd creation)', mainline('6.11'), deb612('include/linux/pagemap.h'), ['GM-12'], { returns: 'void', confidence: 'V' }),
  e('mapping_inaccessible', 'function', 'refuse', 'AS_INACCESSIBLE test of a mapping', mainline('6.11'), deb612('include/linux/pagemap.h'), ['GM-12'], { returns: 'bool', confidence: 'V' }),
  e('AS_UNMOVABLE', 'mapping-flag', 'check-flag', 'guest_memfd folios must not be migrated; folded into AS_INACCESSIBLE in 6.11', removed('6.11', '6.8'), S.S27, ['GM-12', 'REG-04'], { registry: 'as-flags', value: '8', confidence: 'K' }),
];
