import type { KernelFacts } from '../../types.js';
import { laterFacts } from '../../base.js';
import { S } from '../sources.js';
import { LINUX_6_18 } from './linux-6.18.js';

/**
 * The newest mainline read (S1, torvalds/linux@01f492e1817e, 2026): after
 * the 7.0 merge window (it uses kzalloc_obj), so its facts are selected for
 * --kernel 7.0 and later; MODEL.md §5 notes its exact release was not
 * established [K]. guest_memfd keeps its state per inode (struct gmem_inode)
 * but the facts the rules read are 6.18's: the same aops (GM-10), the same
 * supported-flags helper (GM-05), no new creation flag or capability in
 * mainline (REG-01, REG-02: 245 and 247 are still series claims).
 */
export const LINUX_7_0: KernelFacts = laterFacts(LINUX_6_18, {
  kernel: '7.0',
  source: `6.18 as re-read in the newest mainline guest_memfd (${S.S1})`,
  flagsMask: {
    kind: 'function',
    name: 'kvm_gmem_get_supported_flags',
    function: 'kvm_gmem_get_supported_flags',
    file: 'include/linux/kvm_host.h',
    checkedIn: 'kvm_gmem_create',
    flags: ['GUEST_MEMFD_FLAG_MMAP', 'GUEST_MEMFD_FLAG_INIT_SHARED'],
    reportedBy: 'KVM_CAP_GUEST_MEMFD_FLAGS',
    source: `${S.S1}; tree:torvalds/linux@01f492e1817e include/linux/kvm_host.h`,
  },
  aops: [
    {
      variable: 'kvm_gmem_aops',
      file: 'virt/kvm/guest_memfd.c',
      ops: { dirty_folio: 'noop_dirty_folio', migrate_folio: 'kvm_gmem_migrate_folio', error_remove_folio: 'kvm_gmem_error_folio', free_folio: 'kvm_gmem_free_folio' },
      guards: { free_folio: 'CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE' },
      calls: { kvm_gmem_free_folio: [{ callee: 'kvm_arch_gmem_invalidate', args: ['pfn', 'pfn + (1ul << order)'] }] },
      source: S.S1,
    },
  ],
});
