import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('folio');
const MM = deb612('include/linux/mm.h');
const HIGHMEM = deb612('include/linux/highmem.h');
const PAGEMAP = deb612('include/linux/pagemap.h');
const FS = deb612('include/linux/fs.h');
const S1 = 'tree:torvalds/linux@01f492e1817e virt/kvm/guest_memfd.c';

/** Folio APIs and the per-page vs per-folio pitfalls (MODEL.md §2.4). */
export const FOLIO: ModelEntry[] = [
  e('folio_page', 'macro', 'use', 'the n-th page of a folio; folio_page(f, 0) is the first 4 KiB only', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-01'], { granularity: 'page', returns: 'pointer', confidence: 'V' }),
  e('page_folio', 'macro', 'use', 'the folio a page belongs to', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-01'], { returns: 'pointer', confidence: 'K' }),
  e('folio_nr_pages', 'function', 'use', 'number of pages in a folio: the bound of a per-page loop', mainline('5.16'), MM, ['FO-01'], { returns: 'int', confidence: 'V' }),
  e('folio_size', 'function', 'use', 'size of a folio in bytes: the length of a full invalidation or flush', mainline('5.16'), MM, ['FO-01', 'FO-02'], { returns: 'unsigned long', confidence: 'V' }),
  e('folio_order', 'function', 'use', 'allocation order of a folio (0 = one page)', mainline('5.16'), MM, ['FO-07'], { returns: 'int', confidence: 'V' }),
  e('folio_test_large', 'function', 'use', 'whether a folio has more than one page: the order-0 guard', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-07', 'GM-13'], { returns: 'bool', confidence: 'V' }),
  e('folio_test_highmem', 'function', 'use', 'whether a folio lives in highmem (no permanent kernel address)', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-03'], { returns: 'bool', confidence: 'K' }),
  e('folio_next_index', 'function', 'use', 'page-cache index after this folio: the large-folio-safe loop step', mainline('6.0'), PAGEMAP, ['FO-07'], { returns: 'unsigned long', confidence: 'V' }),
  e('folio_file_page', 'function', 'use', 'page of a folio for a file index, masking by folio_nr_pages', mainline('5.16'), PAGEMAP, ['FO-04'], { granularity: 'page', returns: 'pointer', confidence: 'V' }),
  e('folio_file_pfn', 'function', 'use', 'guest_memfd helper: pfn of an index inside a (large) folio', mainline('6.8'), deb612('virt/kvm/guest_memfd.c'), ['FO-04'], { granularity: 'page', returns: 'unsigned long', confidence: 'V' }),
  e('folio_pfn', 'function', 'use', 'pfn of the first page of a folio', mainline('5.16'), MM, ['FO-01'], { granularity: 'page', returns: 'unsigned long', confidence: 'K' }),
  e('folio_address', 'function', 'access', 'direct-map address of a folio: faults after removal, unusable for highmem', mainline('5.16'), MM, ['FO-03'], { granularity: 'folio', returns: 'pointer', confidence: 'V' }),
  e('page_address', 'function', 'access', 'direct-map address of one page: faults after removal, unusable for highmem', mainline('2.6'), MM, ['FO-01', 'FO-03'], { granularity: 'page', args: { page: 0 }, returns: 'pointer', confidence: 'V' }),
  e('kmap_local_page', 'function', 'access', 'temporary kernel mapping of one page; on 64-bit this is the direct-map address', mainline('5.11'), HIGHMEM, ['FO-01', 'FO-03'], { granularity: 'page', args: { page: 0 }, returns: 'pointer', confidence: 'V' }),
  e('kmap_local_folio', 'function', 'access', 'temporary mapping of the page at an offset of a folio; direct map on 64-bit', mainline('5.16'), HIGHMEM, ['FO-01', 'FO-03'], { granularity: 'page', args: { bytes: 1 }, returns: 'pointer', confidence: 'V' }),
  e('kmap', 'function', 'access', 'old sleeping kernel mapping of a page; direct map on 64-bit', mainline('2.6'), HIGHMEM, ['FO-03'], { granularity: 'page', args: { page: 0 }, returns: 'pointer', confidence: 'K' }),
  e('kmap_atomic', 'function', 'access', 'deprecated atomic kernel mapping of a page; direct map on 64-bit', mainline('2.6'), HIGHMEM, ['FO-03'], { granularity: 'page', args: { page: 0 }, returns: 'pointer', confidence: 'K' }),
  e('clear_highpage', 'function', 'access', 'zero one page through a kernel mapping', mainline('2.6'), HIGHMEM, ['FO-01', 'GM-14', 'FO-06'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('folio_zero_range', 'function', 'access', 'zero a byte range of a folio, any size', mainline('5.17'), HIGHMEM, ['FO-01', 'FO-06'], { granularity: 'folio', returns: 'void', confidence: 'V' }),
  e('folio_zero_segment', 'function', 'access', 'zero [start, end) of a folio, any size', mainline('5.17'), HIGHMEM, ['FO-01', 'FO-06', 'DM-05'], { granularity: 'folio', returns: 'void', confidence: 'V' }),
  e('copy_highpage', 'function', 'access', 'copy one page to another through kernel mappings', mainline('2.6'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('copy_user_highpage', 'function', 'access', 'copy one user page to another through kernel mappings', mainline('2.6'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('flush_dcache_page', 'function', 'access', 'flush the data cache of one page (folio form: flush_dcache_folio)', mainline('2.6'), deb612('include/linux/cacheflush.h'), ['FO-01'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('zero_user_segments', 'function', 'access', 'zero two byte ranges of one page (kmaps that page only)', mainline('2.6'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('zero_user', 'function', 'access', 'zero a byte range of one page', mainline('2.6'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 0 }, returns: 'void', confidence: 'V' }),
  e('memcpy_to_page', 'function', 'access', 'copy into one page through kmap_local_page; the range must stay inside that page', mainline('5.13'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 0, bytes: 3 }, returns: 'void', confidence: 'V' }),
  e('memcpy_from_page', 'function', 'access', 'copy out of one page through kmap_local_page; the range must stay inside that page', mainline('5.13'), HIGHMEM, ['FO-01'], { granularity: 'page', args: { page: 1, bytes: 3 }, returns: 'void', confidence: 'V' }),
  e('copy_page_from_iter_atomic', 'function', 'access', 'copy from an iov_iter into a page; in 6.x kmaps only that page, so offset + bytes must not cross it on HIGHMEM', mainline('5.14'), deb612('lib/iov_iter.c'), ['FO-01'], { granularity: 'page', args: { page: 0, bytes: 2 }, returns: 'unsigned long', confidence: 'K' }),
  e('copy_page_to_iter', 'function', 'access', 'copy from a page to an iov_iter', mainline('3.16'), deb612('lib/iov_iter.c'), ['FO-01'], { granularity: 'page', args: { page: 0, bytes: 2 }, returns: 'unsigned long', confidence: 'K' }),
  e('copy_page_from_iter', 'function', 'access', 'copy from an iov_iter into a page', mainline('3.16'), deb612('lib/iov_iter.c'), ['FO-01'], { granularity: 'page', args: { page: 0, bytes: 2 }, returns: 'unsigned long', confidence: 'K' }),
  e('kernel_init_pages', 'function', 'access', 'mm: zero numpages pages through kmap (init_on_free)', mainline('5.3'), deb612('mm/page_alloc.c'), ['FO-01'], { granularity: 'nr-pages', args: { page: 0, count: 1 }, returns: 'void', confidence: 'V' }),
  e('flush_dcache_folio', 'function', 'access', 'flush the data cache of every page of a folio', mainline('5.16'), deb612('include/linux/cacheflush.h'), ['FO-01'], { granularity: 'folio', returns: 'void', confidence: 'V' }),
  e('folio_set_private', 'function', 'use', 'sets PG_private only; stores no pointer, takes no reference', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-05', 'DM-06'], { returns: 'void', confidence: 'K' }),
  e('folio_clear_private', 'function', 'use', 'clears PG_private only', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-05'], { returns: 'void', confidence: 'K' }),
  e('folio_test_private', 'function', 'use', 'tests PG_private', mainline('5.16'), deb612('include/linux/page-flags.h'), ['FO-05'], { returns: 'bool', confidence: 'K' }),
  e('folio_get_private', 'function', 'use', 'the folio->private pointer/value', mainline('5.16'), MM, ['FO-05', 'DM-07'], { returns: 'pointer', confidence: 'K' }),
  e('folio_attach_private', 'function', 'use', 'store a pointer in folio->private, set PG_private and take a reference', mainline('5.16'), PAGEMAP, ['FO-05'], { returns: 'void', confidence: 'K' }),
  e('folio_detach_private', 'function', 'use', 'clear folio->private and PG_private, drop the reference', mainline('5.16'), PAGEMAP, ['FO-05'], { returns: 'pointer', confidence: 'K' }),
  e('PG_private', 'flag', 'check-flag', 'page flag: folio->private holds filesystem data; gates invalidate_folio calls', mainline('2.6'), deb612('include/linux/page-flags.h'), ['FO-05', 'DM-13'], { confidence: 'K' }),
  e('folio_mark_uptodate', 'function', 'use', 'mark a folio initialised (guest_memfd: cleared/prepared)', mainline('5.16'), deb612('include/linux/page-flags.h'), ['GM-14', 'DM-07'], { returns: 'void', confidence: 'V' }),
  e('folio_test_uptodate', 'function', 'use', 'whether a folio is initialised', mainline('5.16'), deb612('include/linux/page-flags.h'), ['GM-14'], { returns: 'bool', confidence: 'V' }),
  e('filemap_grab_folio', 'function', 'allocate', 'find or create a locked page-cache folio (2024 RFC allocation path)', mainline('6.3'), PAGEMAP, ['GM-13'], { returns: 'pointer', confidence: 'K' }),
  e('__filemap_get_folio_mpol', 'function', 'allocate', 'page-cache lookup/creation with an explicit NUMA policy (guest_memfd)', mainline('6.18'), S1, ['GM-13'], { returns: 'pointer', confidence: 'K' }),
  e('folio_alloc', 'function', 'allocate', 'allocate a folio of an order; order 0 is one page (secretmem)', mainline('5.16'), deb612('include/linux/gfp.h'), ['DM-05', 'FO-01'], { returns: 'pointer', args: { gfp: 0, order: 1 }, confidence: 'V' }),
  e('folio_test_locked', 'function', 'use', 'whether the folio lock is held: the lock serializes zap and restore', mainline('5.16'), deb612('include/linux/page-flags.h'), ['DM-10', 'FO-05'], { returns: 'bool', confidence: 'V' }),
  e('truncate_inode_pages_range', 'function', 'free', 'drop page-cache folios of a range (punch hole), which leads to free_folio', mainline('2.6'), MM, ['GM-16', 'GM-17'], { returns: 'void', confidence: 'V' }),
  // address_space operations, as fields of an initializer
  e('invalidate_folio', 'aop', 'register-aop', 'aop(folio, offset, length): called for partial ranges and only with private data', mainline('5.18'), FS, ['FO-02', 'DM-13', 'GM-11'], { confidence: 'V' }),
  e('release_folio', 'aop', 'register-aop', 'aop: release private data before the folio is freed; not called for every folio', mainline('5.19'), FS, ['DM-13', 'GM-11'], { confidence: 'K' }),
  e('free_folio', 'aop', 'register-aop', 'aop: the folio left the page cache; the only hook seen by every folio; mapping may be NULL', mainline('6.3'), FS, ['DM-13', 'GM-10', 'GM-17'], { confidence: 'K' }),
  e('migrate_folio', 'aop', 'register-aop', 'aop: move a folio; guest_memfd and secretmem refuse', mainline('6.0'), FS, ['GM-10', 'DM-05'], { confidence: 'K' }),
  e('error_remove_folio', 'aop', 'register-aop', 'aop: memory failure on a folio', mainline('6.8'), FS, ['GM-10'], { confidence: 'K' }),
  e('address_space_operations', 'struct', 'register-aop', 'the per-mapping operations table', mainline('2.6'), FS, ['GM-10', 'DM-13'], { confidence: 'V' }),
];

