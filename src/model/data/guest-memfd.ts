import type { ModelEntry } from '../types.js';
import { entryMaker, inSeries, mainline, queued, removed, rfcOnly } from './build.js';
import { S, deb612 } from './sources.js';

const e = entryMaker('guest-memfd');
const UAPI = deb612('include/uapi/linux/kvm.h');
const GMEM = deb612('virt/kvm/guest_memfd.c');
const SERIES_DM = 'guest_memfd direct map removal';
const SERIES_WRITE = 'guest_memfd population via write()';

/** guest_memfd uAPI, aops and lifecycle (MODEL.md §2.2). */
export const GUEST_MEMFD: ModelEntry[] = [
  // uAPI
  e('KVM_CREATE_GUEST_MEMFD', 'ioctl', 'use', 'VM ioctl that creates a guest_memfd file and returns its fd', mainline('6.8'), UAPI, ['KAPI-03', 'GM-01'], { registry: 'kvm-ioctl', value: '0xd4', advertisedBy: 'KVM_CAP_GUEST_MEMFD', confidence: 'V' }),
  e('kvm_create_guest_memfd', 'struct', 'use', 'ioctl argument: size, flags, reserved[6]', mainline('6.8'), UAPI, ['GM-01'], { confidence: 'V' }),
  e('KVM_SET_MEMORY_ATTRIBUTES', 'ioctl', 'use', 'VM ioctl that sets per-gfn attributes such as PRIVATE', mainline('6.8'), UAPI, ['KAPI-03', 'GM-02'], { registry: 'kvm-ioctl', value: '0xd2', advertisedBy: 'KVM_CAP_MEMORY_ATTRIBUTES', confidence: 'V' }),
  e('kvm_memory_attributes', 'struct', 'use', 'address, size, attributes, flags of KVM_SET_MEMORY_ATTRIBUTES', mainline('6.8'), UAPI, ['GM-02'], { confidence: 'V' }),
  e('KVM_MEMORY_ATTRIBUTE_PRIVATE', 'attribute', 'check-flag', 'gfn is private: backed by guest_memfd, not by the userspace mapping', mainline('6.8'), UAPI, ['GM-02'], { registry: 'kvm-mem-attr', value: '1ULL << 3', confidence: 'V' }),
  e('KVM_SET_MEMORY_ATTRIBUTES2', 'ioctl', 'use', 'attributes ioctl with flags and content modes (zero/preserve/unspecified)', inSeries('2026', 'memory attributes 2 (Ackerley Tng)'), S.S1, ['GM-02', 'REG-03'], { registry: 'kvm-ioctl', value: '0xd6', confidence: 'V' }),
  e('KVM_CAP_MEMORY_ATTRIBUTES2', 'capability', 'check-capability', 'advertises KVM_SET_MEMORY_ATTRIBUTES2', inSeries('2026', 'memory attributes 2 (Ackerley Tng)'), S.S1, ['GM-02'], { registry: 'kvm-cap' }),
  e('kvm_arch_gmem_supported_content_modes', 'function', 'check-capability', 'arch hook listing the content modes of KVM_SET_MEMORY_ATTRIBUTES2', inSeries('2026', 'memory attributes 2 (Ackerley Tng)'), S.S1, ['GM-02']),
  e('KVM_MEM_GUEST_MEMFD', 'flag', 'check-flag', 'memslot flag: private memory comes from the guest_memfd given in the region', mainline('6.8'), UAPI, ['GM-03'], { registry: 'kvm-memslot-flags', value: '1UL << 2', confidence: 'V' }),
  e('kvm_userspace_memory_region2', 'struct', 'use', 'memslot region with guest_memfd and guest_memfd_offset', mainline('6.8'), UAPI, ['GM-03'], { confidence: 'V' }),
  e('KVM_SET_USER_MEMORY_REGION2', 'ioctl', 'use', 'create/modify a memslot with a guest_memfd binding', mainline('6.8'), UAPI, ['KAPI-03', 'GM-03'], { registry: 'kvm-ioctl', value: '0x49', advertisedBy: 'KVM_CAP_USER_MEMORY2', confidence: 'V' }),
  e('KVM_CAP_USER_MEMORY2', 'capability', 'check-capability', 'KVM_SET_USER_MEMORY_REGION2 is available', mainline('6.8'), UAPI, ['GM-03'], { registry: 'kvm-cap', value: '231', confidence: 'V' }),
  e('KVM_CAP_MEMORY_FAULT_INFO', 'capability', 'check-capability', 'KVM_EXIT_MEMORY_FAULT reports private/shared mismatches', mainline('6.8'), UAPI, ['GM-03'], { registry: 'kvm-cap', value: '232', confidence: 'V' }),
  e('KVM_CAP_MEMORY_ATTRIBUTES', 'capability', 'check-capability', 'returns the supported memory attributes', mainline('6.8'), UAPI, ['GM-04'], { registry: 'kvm-cap', value: '233', confidence: 'V' }),
  e('KVM_CAP_GUEST_MEMFD', 'capability', 'check-capability', 'KVM_CREATE_GUEST_MEMFD is available', mainline('6.8'), UAPI, ['GM-04'], { registry: 'kvm-cap', value: '234', confidence: 'V' }),
  e('KVM_CAP_VM_TYPES', 'capability', 'check-capability', 'returns the supported VM types (e.g. SW-protected, SNP, TDX)', mainline('6.8'), UAPI, ['GM-04'], { registry: 'kvm-cap', value: '235', confidence: 'V' }),
  e('KVM_CAP_GUEST_MEMFD_MMAP', 'capability', 'check-capability', 'never released: became KVM_CAP_GUEST_MEMFD_FLAGS before 6.18', queued('kvm (renamed before release)'), S.S17, ['GM-04'], { registry: 'kvm-cap', value: '244', confidence: 'V' }),
  e('KVM_CAP_GUEST_MEMFD_FLAGS', 'capability', 'check-capability', 'returns the mask of supported guest_memfd creation flags; works without a VM', mainline('6.18'), S.S17, ['GM-04', 'GM-05'], { registry: 'kvm-cap', value: '244', confidence: 'V' }),
  e('KVM_CAP_GUEST_MEMFD_NO_DIRECT_MAP', 'capability', 'check-capability', 'per-flag capability of the direct-map series up to v7; dropped for the FLAGS mask', inSeries('v7', SERIES_DM), S.S11, ['GM-04']),
  e('KVM_CAP_GMEM_NO_DIRECT_MAP', 'capability', 'check-capability', 'earlier spelling of the per-flag direct-map capability; dropped', inSeries('v7', SERIES_DM), S.S16, ['GM-04']),
  // creation flags
  e('KVM_GUEST_MEMFD_ALLOW_HUGEPAGE', 'flag', 'check-flag', 'back the file with PMD-sized folios; size had to be PMD-aligned', rfcOnly(2023), S.S10, ['REG-01'], { registry: 'gmem-flags', value: '1ULL << 0', confidence: 'V' }),
  e('KVM_GMEM_NO_DIRECT_MAP', 'flag', 'check-flag', '2024 RFC: remove guest-private folios from the direct map', rfcOnly(2024), S.S9, ['REG-01', 'DM-06'], { registry: 'gmem-flags', value: '1ULL << 0', confidence: 'V' }),
  e('GUEST_MEMFD_FLAG_MMAP', 'flag', 'check-flag', 'the guest_memfd can be mmap()ed by userspace', mainline('6.18'), S.S1, ['REG-01', 'GM-07'], { registry: 'gmem-flags', value: '1ULL << 0', confidence: 'V' }),
  e('GUEST_MEMFD_FLAG_INIT_SHARED', 'flag', 'check-flag', 'memory starts shared (faultable by userspace) instead of private', mainline('6.18'), S.S1, ['REG-01', 'GM-05', 'GM-07'], { registry: 'gmem-flags', value: '1ULL << 1', confidence: 'V' }),
  e('GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 'flag', 'check-flag', 'folios of this file are removed from the kernel direct map', inSeries('v12', SERIES_DM), S.S13, ['REG-01', 'GM-05', 'DM-09'], { registry: 'gmem-flags', value: '1ULL << 2', confidence: 'V' }),
  e('GUEST_MEMFD_FLAG_WRITE', 'flag', 'check-flag', 'allow populating the file with write(); collides with NO_DIRECT_MAP on bit 2', inSeries('v6', SERIES_WRITE), S.S12, ['REG-01'], { registry: 'gmem-flags', value: '1ULL << 2', confidence: 'V' }),
  // flag checks and arch hooks
  e('kvm_gmem_get_supported_flags', 'function', 'check-flag', 'the mask of accepted creation flags; source of KVM_CAP_GUEST_MEMFD_FLAGS', mainline('6.18'), 'tree:torvalds/linux@01f492e1817e include/linux/kvm_host.h', ['GM-05'], { returns: 'unsigned long', confidence: 'V' }),
  e('valid_flags', 'macro', 'check-flag', 'local mask in kvm_gmem_create() on 6.8-6.17 bases: where a new flag must be accepted', removed('6.18', '6.8'), GMEM, ['GM-05'], { confidence: 'V', scope: '^virt/kvm/' }),
  e('kvm_gmem_create', 'function', 'allocate', 'creates the file and inode; rejects flags outside the supported mask', mainline('6.8'), GMEM, ['GM-05', 'GM-12'], { returns: 'int', confidence: 'V' }),
  e('kvm_arch_supports_gmem_init_shared', 'function', 'check-capability', 'arch hook: whether INIT_SHARED is offered for this VM', mainline('6.18'), S.S1, ['GM-05'], { returns: 'bool', archHook: true, confidence: 'V' }),
  e('kvm_arch_gmem_supports_no_direct_map', 'function', 'check-capability', 'arch opt-in for NO_DIRECT_MAP (default false; x86 and arm64 with FEAT_S2FWB opt in)', inSeries('v12', SERIES_DM), S.S13, ['GM-05', 'DM-01'], { returns: 'bool', archHook: true, confidence: 'V', tests: 'direct-map' }),
  e('GMEM_I', 'macro', 'use', 'struct gmem_inode of an inode: flags, NUMA policy, files', mainline('6.19'), S.S1, ['GM-06'], { confidence: 'K' }),
  e('mapping_set_no_direct_map', 'function', 'annotate', 'mark a mapping AS_NO_DIRECT_MAP at guest_memfd creation', inSeries('v12', SERIES_DM), S.S13, ['GM-12', 'GUP-07'], { returns: 'void' }),
  e('gmem_inode', 'struct', 'use', 'per-inode guest_memfd state: flags, shared NUMA policy, list of gmem_files', mainline('6.19'), S.S1, ['GM-06', 'GM-08'], { confidence: 'K' }),
  e('KVM_MEMSLOT_GMEM_ONLY', 'flag', 'check-flag', 'slot bound to an mmap-capable guest_memfd: all faults are served from it', mainline('6.18'), S.S1, ['GM-07'], { confidence: 'V' }),
  e('kvm_gmem_fault_user_mapping', 'function', 'use', 'userspace fault on an mmap()ed guest_memfd; needs INIT_SHARED memory', mainline('6.18'), S.S1, ['GM-07'], { confidence: 'K' }),
  e('kvm_gmem_supports_mmap', 'function', 'check-flag', 'whether a guest_memfd inode was created with GUEST_MEMFD_FLAG_MMAP', mainline('6.18'), S.S1, ['GM-07'], { returns: 'bool', confidence: 'V' }),
  e('kvm_gmem_mmap', 'function', 'use', 'mmap() of a guest_memfd: -ENODEV without GUEST_MEMFD_FLAG_MMAP', mainline('6.18'), S.S1, ['GM-07'], { returns: 'int', confidence: 'V' }),
  e('CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE', 'kconfig', 'check-capability', 'arch needs the free_folio hook (SNP); in mainline the aop is set only then', mainline('6.11'), GMEM, ['GM-10'], { confidence: 'K' }),
  e('CONFIG_HAVE_KVM_ARCH_GMEM_RECLAIM', 'kconfig', 'check-capability', 'kvm-x86 rename of CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE', queued('kvm-x86'), S.S2, ['GM-10'], { confidence: 'V' }),
  e('kvm_arch_gmem_invalidate_range', 'function', 'use', 'kvm-x86 arch hook called on range invalidation', queued('kvm-x86'), S.S2, ['GM-16'], { returns: 'void', confidence: 'V' }),
  e('kvm_mmu_unmap_gfn_range', 'function', 'use', 'unmap gfns from the guest page tables on invalidation', mainline('6.8'), deb612('virt/kvm/kvm_main.c'), ['GM-16'], { returns: 'bool', confidence: 'K' }),
  // aops
  e('kvm_gmem_fops', 'struct', 'register-aop', 'file_operations of guest_memfd files: release and fallocate only; mmap came in 6.18 behind GUEST_MEMFD_FLAG_MMAP', mainline('6.8'), GMEM, ['GM-07'], { userOps: ['mmap', 'read', 'write', 'read_iter', 'write_iter', 'splice_read', 'splice_write', 'get_unmapped_area'], confidence: 'V' }),
  e('kvm_gmem_aops', 'struct', 'register-aop', 'address_space_operations of guest_memfd inodes', mainline('6.8'), GMEM, ['GM-10', 'GM-11'], { confidence: 'V' }),
  e('kvm_gmem_migrate_folio', 'function', 'refuse', 'guest_memfd folios are unmovable: warns and fails', mainline('6.8'), GMEM, ['GM-10'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_error_folio', 'function', 'use', 'memory failure: invalidate guest mappings of the folio, MF_DELAYED, no truncate', mainline('6.8'), GMEM, ['GM-10'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_free_folio', 'function', 'free', 'free_folio hook: arch invalidate/reclaim; the series restores the direct map here', mainline('6.8'), GMEM, ['GM-10', 'GM-17', 'DM-13'], { returns: 'void', confidence: 'V' }),
  e('kvm_gmem_invalidate_folio', 'function', 'restore', '2024 RFC invalidate_folio that restored the direct map for whole-page invalidations', rfcOnly(2024), S.S9, ['GM-11', 'DM-06', 'DM-13'], { returns: 'void', confidence: 'V' }),
  e('kvm_arch_gmem_invalidate', 'function', 'free', 'arch hook on free_folio (SNP RMP reset)', mainline('6.8'), GMEM, ['GM-10'], { returns: 'void', confidence: 'V' }),
  e('kvm_arch_gmem_reclaim', 'function', 'free', 'kvm-x86 rename of the free_folio arch hook', queued('kvm-x86'), S.S2, ['GM-10'], { returns: 'void', confidence: 'V' }),
  // lifecycle
  e('kvm_gmem_get_folio', 'function', 'allocate', 'find or allocate the locked folio at an index (warns on non-order-0)', mainline('6.8'), GMEM, ['GM-13', 'FO-01'], { returns: 'pointer', confidence: 'V' }),
  e('kvm_gmem_prepare_folio', 'function', 'access', 'zeroes a folio through the kernel mapping on first use, then lets the arch prepare it (SNP RMP assignment)', mainline('6.8'), GMEM, ['GM-14'], { returns: 'int', confidence: 'V' }),
  e('kvm_arch_gmem_prepare', 'function', 'use', 'arch hook called by kvm_gmem_prepare_folio', mainline('6.8'), GMEM, ['GM-14'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_populate', 'function', 'use', 'copy and measure initial guest contents (SNP/TDX) into private gfns', mainline('6.11'), GMEM, ['GM-15', 'GM-02'], { confidence: 'K' }),
  e('kvm_gmem_get_pfn', 'function', 'use', 'pfn of a gfn for the MMU; the series zaps the direct map here', mainline('6.8'), GMEM, ['GM-09', 'DM-07', 'DM-09'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_invalidate_begin', 'function', 'use', 'start of a range invalidation: unmap gfns in every binding', mainline('6.8'), GMEM, ['GM-16'], { returns: 'void', confidence: 'V' }),
  e('kvm_gmem_invalidate_start', 'function', 'use', 'kvm-x86 name of kvm_gmem_invalidate_begin', queued('kvm-x86'), S.S2, ['GM-16'], { returns: 'void', confidence: 'V' }),
  e('kvm_gmem_invalidate_end', 'function', 'use', 'end of a range invalidation', mainline('6.8'), GMEM, ['GM-16'], { returns: 'void', confidence: 'V' }),
  e('kvm_gmem_punch_hole', 'function', 'free', 'fallocate(PUNCH_HOLE): invalidate then truncate a range', mainline('6.8'), GMEM, ['GM-16'], { confidence: 'V' }),
  e('kvm_gmem_release', 'function', 'free', 'file release: unbind memslots and zap SPTEs, memory stays with the inode', mainline('6.8'), GMEM, ['GM-09'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_bind', 'function', 'use', 'bind a memslot to a guest_memfd of the same VM', mainline('6.8'), GMEM, ['GM-08'], { returns: 'int', confidence: 'V' }),
  e('kvm_gmem_folio_zap_direct_map', 'function', 'remove', 'guest_memfd wrapper: zap the folio and set the per-folio state bit', inSeries('v12', SERIES_DM), S.S14, ['DM-09', 'DM-10'], { returns: 'int', granularity: 'folio', flushes: { '*': true } }),
  e('kvm_gmem_folio_restore_direct_map', 'function', 'restore', 'guest_memfd wrapper: restore a zapped folio in free_folio', inSeries('v12', SERIES_DM), S.S14, ['DM-09', 'DM-10', 'DM-13'], { returns: 'void', granularity: 'folio', flushes: { '*': false } }),
];
