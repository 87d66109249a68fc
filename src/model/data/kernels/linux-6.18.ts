import type { BaseNumber, KernelFacts } from '../../types.js';
import { laterFacts } from '../../base.js';
import { S } from '../sources.js';
import { LINUX_6_12 } from './linux-6.12.js';

const KVM_H = 'include/uapi/linux/kvm.h';
const PAGEMAP = 'include/linux/pagemap.h';
/** "[PATCH v6 03/11] mm: introduce AS_NO_DIRECT_MAP" (Sep 2025, on 6.17-rc): its context lines show AS_INACCESSIBLE = 8, AS_WRITEBACK_MAY_DEADLOCK_ON_RECLAIM = 9 (fixtures/corpus/roy-as-no-direct-map-v6.mbox). */
const AS_V6 = 'lore:20250912091708.17502-4-roypat@amazon.co.uk';
/** The kvm_gmem_get_supported_flags() of newest mainline, where the 6.18 rework put it (S17). */
const KVM_HOST = 'tree:torvalds/linux@01f492e1817e include/linux/kvm_host.h';

const n = (file: string, registry: string, symbol: string, value: string, numeric: bigint, source: string): BaseNumber => ({ registry, symbol, value, numeric, file, source });

/**
 * Linux 6.18, written by hand as its changes to 6.12's extracted facts
 * (laterFacts): each fact below cites where it was read (MODEL.md §1). What
 * no source here names keeps 6.12's fact and source: uAPI numbers are never
 * renumbered or reused, so 6.12's stay; the numbers 6.13–6.18 added that no
 * source at hand names (KVM_CAP_* 239–243, KVM_X86_TDX_VM) are missing, but
 * `highest` still marks every capability up to 244 as taken.
 */
export const LINUX_6_18: KernelFacts = laterFacts(LINUX_6_12, {
  kernel: '6.18',
  source: '6.12 (extracted) with the 6.13–6.18 changes of MODEL.md sources S1, S3, S4, S13, S17, S26',
  numbers: [
    // GM-04/GM-05: the first guest_memfd creation flags, and the capability that reports them (S17 renamed KVM_CAP_GUEST_MEMFD_MMAP).
    n(KVM_H, 'gmem-flags', 'GUEST_MEMFD_FLAG_MMAP', '(1ULL << 0)', 0n, S.S17),
    n(KVM_H, 'gmem-flags', 'GUEST_MEMFD_FLAG_INIT_SHARED', '(1ULL << 1)', 1n, S.S17),
    n(KVM_H, 'kvm-cap', 'KVM_CAP_GUEST_MEMFD_FLAGS', '244', 244n, S.S17),
    // REG-04: enum mapping_flags after AS_INACCESSIBLE.
    n(PAGEMAP, 'as-flags', 'AS_WRITEBACK_MAY_DEADLOCK_ON_RECLAIM', '9', 9n, AS_V6),
    n(PAGEMAP, 'as-flags', 'AS_KERNEL_FILE', '10', 10n, S.S26),
  ],
  highest: { 'kvm-cap': { numeric: 244n, source: S.S17 } },
  // GM-05: 6.18 moved the mask from kvm_gmem_create()'s valid_flags into a helper (S17); MMAP always, INIT_SHARED when the arch allows it.
  flagsMask: {
    kind: 'function',
    name: 'kvm_gmem_get_supported_flags',
    function: 'kvm_gmem_get_supported_flags',
    file: 'include/linux/kvm_host.h',
    checkedIn: 'kvm_gmem_create',
    flags: ['GUEST_MEMFD_FLAG_MMAP', 'GUEST_MEMFD_FLAG_INIT_SHARED'],
    reportedBy: 'KVM_CAP_GUEST_MEMFD_FLAGS',
    source: `${S.S17}; ${KVM_HOST}`,
  },
  // GM-10: free_folio still only for the arch invalidate hook; the direct-map series (on a 6.19 base) restores in this very function (S13).
  aops: [
    {
      variable: 'kvm_gmem_aops',
      file: 'virt/kvm/guest_memfd.c',
      ops: { dirty_folio: 'noop_dirty_folio', migrate_folio: 'kvm_gmem_migrate_folio', error_remove_folio: 'kvm_gmem_error_folio', free_folio: 'kvm_gmem_free_folio' },
      guards: { free_folio: 'CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE' },
      calls: { kvm_gmem_free_folio: [{ callee: 'kvm_arch_gmem_invalidate', args: ['pfn', 'pfn + (1ul << order)'] }] },
      source: `${S.S1}; ${S.S13}`,
    },
    // DM-05: secretmem restores the direct map in its free_folio.
    {
      variable: 'secretmem_aops',
      file: 'mm/secretmem.c',
      ops: { dirty_folio: 'noop_dirty_folio', free_folio: 'secretmem_free_folio', migrate_folio: 'secretmem_migrate_folio' },
      guards: {},
      calls: { secretmem_free_folio: [{ callee: 'set_direct_map_default_noflush', args: ['&folio->page'] }, { callee: 'folio_zero_segment', args: ['folio', '0', 'folio_size(folio)'] }] },
      source: S.S3,
    },
  ],
  // MODEL.md §2.3, DM-09: set_direct_map_valid_noflush() (6.13) flushes inside on arm64 (set_memory_valid) and s390 (the instructions), not on x86.
  setters: [
    { arch: 'x86', symbol: 'set_direct_map_valid_noflush', file: 'arch/x86/mm/pat/set_memory.c', flushes: false, source: `${S.S4}; ${S.S13}` },
    { arch: 'arm64', symbol: 'set_direct_map_valid_noflush', file: 'arch/arm64/mm/pageattr.c', flushes: true, source: `${S.S4}; ${S.S13}` },
    { arch: 's390', symbol: 'set_direct_map_valid_noflush', file: 'arch/s390/mm/pageattr.c', flushes: true, source: S.S13 },
  ],
});
