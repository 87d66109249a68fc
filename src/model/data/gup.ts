import type { ModelEntry } from '../types.js';
import { entryMaker, mainline, removed } from './build.js';
import { S, deb612 } from './sources.js';

const e = entryMaker('gup');
const PUBLIC = deb612('include/linux/mm_types.h');
const INTERNAL = deb612('mm/internal.h');
const GUP_C = deb612('mm/gup.c');
/** Bit values are verified in 6.12; the release that introduced each is background knowledge. */
const foll = (value: string) => ({ registry: 'foll', value, confidence: 'K' as const });
/** Internal FOLL_* bits: only mm/ sets them (the wrappers that own them), is_valid_gup_args() refuses them from callers (GUP-01). */
const internal = (value: string) => ({ ...foll(value), internalTo: '^(mm/|include/linux/mm\\w*\\.h$)' });

/** GUP flags and the paths that refuse protected memory (MODEL.md §2.1). */
export const GUP: ModelEntry[] = [
  e('FOLL_WRITE', 'flag', 'check-flag', 'caller will write; read-only PTEs fault for write or break COW', mainline('2.6'), PUBLIC, ['REG-05'], foll('1 << 0')),
  e('FOLL_GET', 'flag', 'check-flag', 'take a normal page reference released by put_page; never together with a pin', mainline('2.6'), PUBLIC, ['REG-05', 'GUP-01'], { ...foll('1 << 1'), reference: 'get' }),
  e('FOLL_DUMP', 'flag', 'check-flag', 'coredump walk: holes are errors instead of being allocated', mainline('2.6'), PUBLIC, ['REG-05'], foll('1 << 2')),
  e('FOLL_FORCE', 'flag', 'check-flag', 'ignore VMA protection (ptrace); writes land only in COW mappings', mainline('2.6'), PUBLIC, ['REG-05', 'GUP-03'], foll('1 << 3')),
  e('FOLL_NOWAIT', 'flag', 'check-flag', 'start I/O for missing pages but do not wait for it', mainline('2.6'), PUBLIC, ['REG-05'], foll('1 << 4')),
  e('FOLL_NOFAULT', 'flag', 'check-flag', 'never fault pages in', mainline('5.16'), PUBLIC, ['REG-05'], foll('1 << 5')),
  e('FOLL_HWPOISON', 'flag', 'check-flag', 'report hardware-poisoned pages as -EHWPOISON', mainline('2.6'), PUBLIC, ['REG-05'], foll('1 << 6')),
  e('FOLL_ANON', 'flag', 'check-flag', 'accept only anonymous VMAs', mainline('4.20'), PUBLIC, ['REG-05', 'GUP-03'], foll('1 << 7')),
  e('FOLL_LONGTERM', 'flag', 'check-flag', 'the reference is held indefinitely; migrates out of movable/CMA, restricts file-backed writes; only with a pin', mainline('5.2'), PUBLIC, ['REG-05', 'GUP-03', 'GUP-04', 'PIN-01', 'PIN-02'], { ...foll('1 << 8'), longTerm: true }),
  e('FOLL_SPLIT_PMD', 'flag', 'check-flag', 'split a huge PMD before returning its pages', mainline('5.5'), PUBLIC, ['REG-05', 'GUP-03'], foll('1 << 9')),
  e('FOLL_PCI_P2PDMA', 'flag', 'check-flag', 'allow returning PCI peer-to-peer DMA pages', mainline('6.2'), PUBLIC, ['REG-05'], foll('1 << 10')),
  e('FOLL_INTERRUPTIBLE', 'flag', 'check-flag', 'any signal, not only a fatal one, may interrupt the walk', mainline('6.2'), PUBLIC, ['REG-05'], foll('1 << 11')),
  e('FOLL_HONOR_NUMA_FAULT', 'flag', 'check-flag', 'take NUMA-hinting faults on PROT_NONE PTEs instead of following them', mainline('6.5'), PUBLIC, ['REG-05', 'GUP-02'], foll('1 << 12')),
  e('FOLL_NUMA', 'flag', 'check-flag', 'old name of the NUMA-hinting behaviour; replaced by FOLL_HONOR_NUMA_FAULT', removed('6.5'), S.S18, ['GUP-02', 'KPE-03'], { registry: 'foll', confidence: 'K' }),
  e('FOLL_TOUCH', 'flag', 'check-flag', 'internal: mark the page accessed', mainline('2.6'), INTERNAL, ['GUP-01'], internal('1 << 16')),
  e('FOLL_TRIED', 'flag', 'check-flag', 'internal: a retry after the mmap lock was dropped', mainline('3.12'), INTERNAL, ['GUP-01'], internal('1 << 17')),
  e('FOLL_REMOTE', 'flag', 'check-flag', 'internal: set by the *_remote() variants (another process mm)', mainline('4.6'), INTERNAL, ['GUP-01'], internal('1 << 18')),
  e('FOLL_PIN', 'flag', 'check-flag', 'internal: set by pin_user_pages*(); callers must not pass it', mainline('5.6'), INTERNAL, ['GUP-01', 'PIN-01'], { ...internal('1 << 19'), reference: 'pin' }),
  e('FOLL_FAST_ONLY', 'flag', 'check-flag', 'internal: set by the *_fast_only() variants, never fall back to slow GUP', mainline('5.8'), INTERNAL, ['GUP-01', 'KPE-07'], internal('1 << 20')),
  e('FOLL_UNLOCKABLE', 'flag', 'check-flag', 'internal: set when a locked pointer lets GUP drop the mmap lock', mainline('6.2'), INTERNAL, ['GUP-01'], internal('1 << 21')),
  e('FOLL_MADV_POPULATE', 'flag', 'check-flag', 'internal: MADV_POPULATE_(READ|WRITE) semantics', mainline('6.9'), INTERNAL, ['GUP-01'], internal('1 << 22')),
  e('INTERNAL_GUP_FLAGS', 'macro', 'check-flag', 'mask of the internal FOLL_* bits that callers may not pass', mainline('6.2'), INTERNAL, ['GUP-01'], { confidence: 'K' }),
  e('is_valid_gup_args', 'function', 'refuse', 'warns once and fails when a caller passes an internal FOLL_* flag', mainline('6.2'), GUP_C, ['GUP-01'], { returns: 'bool', confidence: 'K' }),
  e('gup_can_follow_protnone', 'function', 'check-flag', 'whether GUP may follow a PROT_NONE PTE given FOLL_HONOR_NUMA_FAULT', mainline('6.5'), deb612('include/linux/mm.h'), ['GUP-02'], { returns: 'bool', confidence: 'K' }),
  e('check_vma_flags', 'function', 'refuse', 'slow-GUP gate: refuses VM_IO/PFNMAP, secretmem VMAs, unsafe long-term pins', mainline('2.6'), GUP_C, ['GUP-03', 'GUP-07'], { returns: 'int', confidence: 'K' }),
  e('gup_fast_folio_allowed', 'function', 'refuse', 'GUP-fast gate: refuses slab and secretmem folios, non-shmem file folios for long-term write pins', mainline('6.10'), GUP_C, ['GUP-04', 'GUP-07', 'GUP-09'], { returns: 'bool', gupVerdict: { onTrue: 'allow' }, confidence: 'K' }),
  e('follow_page_mask', 'function', 'refuse', 'slow-GUP page-table walk of one address; refuses what check_vma_flags() let through per page', mainline('4.11'), GUP_C, ['GUP-05'], { returns: 'pointer', confidence: 'V' }),
  e('follow_page_pte', 'function', 'refuse', 'slow-GUP lookup of the page behind one PTE', mainline('3.19'), GUP_C, ['GUP-05'], { returns: 'pointer', confidence: 'V' }),
  e('vma_needs_dirty_tracking', 'function', 'use', 'whether a file VMA needs write-notify dirty tracking: GUP refuses FOLL_LONGTERM write pins of it (writable_file_mapping_allowed() returns the negation)', mainline('6.5'), deb612('mm/vma.c'), ['GUP-11', 'PIN-02'], { returns: 'bool', gupVerdict: { onTrue: 'refuse', when: ['FOLL_LONGTERM', 'FOLL_WRITE'] }, confidence: 'V' }),
  e('vma_is_fsdax', 'function', 'use', 'whether a VMA maps a filesystem DAX file: check_vma_flags() refuses FOLL_LONGTERM on it', mainline('5.2'), deb612('include/linux/mm.h'), ['GUP-11', 'PIN-02'], { returns: 'bool', gupVerdict: { onTrue: 'refuse', when: ['FOLL_LONGTERM'] }, confidence: 'V' }),
  e('folio_fast_pin_allowed', 'function', 'refuse', 'name of the GUP-fast gate before gup_fast_folio_allowed() (6.4-6.9)', removed('6.10', '6.4'), S.S25, ['GUP-04'], { returns: 'bool', confidence: 'K' }),
  e('follow_page', 'function', 'pin', 'single-page lookup in a VMA; refuses secretmem VMAs', mainline('2.6'), GUP_C, ['GUP-05'], { returns: 'pointer', confidence: 'K' }),
  e('get_user_pages', 'function', 'pin', 'take references on user pages (slow path, mmap lock held)', mainline('2.6'), GUP_C, ['GUP-03'], { returns: 'int', args: { flags: 2, pages: 3 }, reference: 'get', confidence: 'V' }),
  e('get_user_pages_fast', 'function', 'pin', 'take references on user pages, lockless GUP-fast first', mainline('2.6'), GUP_C, ['GUP-04'], { returns: 'int', args: { flags: 2, pages: 3 }, reference: 'get', confidence: 'V' }),
  e('get_user_pages_fast_only', 'function', 'pin', 'GUP-fast without slow fallback (sets FOLL_FAST_ONLY)', mainline('5.8'), GUP_C, ['GUP-01', 'GUP-04'], { returns: 'int', args: { flags: 2, pages: 3 }, reference: 'get', confidence: 'V' }),
  e('get_user_page_fast_only', 'function', 'pin', 'one-page GUP-fast without fallback', mainline('5.8'), deb612('include/linux/mm.h'), ['GUP-04'], { returns: 'bool', confidence: 'K' }),
  e('get_user_pages_remote', 'function', 'pin', 'take references on pages of another mm (sets FOLL_REMOTE)', mainline('4.6'), GUP_C, ['GUP-01', 'GUP-03'], { returns: 'int', args: { flags: 3, pages: 4 }, reference: 'get', confidence: 'V' }),
  e('get_user_pages_unlocked', 'function', 'pin', 'GUP that takes and drops the mmap lock itself', mainline('4.6'), GUP_C, ['GUP-03'], { returns: 'int', args: { flags: 3, pages: 2 }, reference: 'get', confidence: 'V' }),
  e('pin_user_pages', 'function', 'pin', 'pin user pages for DMA (sets FOLL_PIN), released with unpin_user_page', mainline('5.6'), GUP_C, ['GUP-01', 'GUP-03'], { returns: 'int', args: { flags: 2, pages: 3 }, reference: 'pin', confidence: 'V' }),
  e('pin_user_pages_fast', 'function', 'pin', 'pin user pages, GUP-fast first', mainline('5.6'), GUP_C, ['GUP-01', 'GUP-04'], { returns: 'int', args: { flags: 2, pages: 3 }, reference: 'pin', confidence: 'V' }),
  e('pin_user_pages_remote', 'function', 'pin', 'pin pages of another mm', mainline('5.6'), GUP_C, ['GUP-01'], { returns: 'int', args: { flags: 3, pages: 4 }, reference: 'pin', confidence: 'V' }),
  e('pin_user_pages_unlocked', 'function', 'pin', 'pin user pages, taking the mmap lock itself', mainline('5.6'), GUP_C, ['GUP-01'], { returns: 'int', args: { flags: 3, pages: 2 }, reference: 'pin', confidence: 'V' }),
  e('unpin_user_page', 'function', 'free', 'release one FOLL_PIN reference', mainline('5.6'), GUP_C, ['GUP-01'], { returns: 'void', reference: 'pin', confidence: 'K' }),
  e('unpin_user_pages', 'function', 'free', 'release FOLL_PIN references on an array of pages', mainline('5.6'), GUP_C, ['GUP-01'], { returns: 'void', reference: 'pin', confidence: 'K' }),
  e('sev_pin_memory', 'function', 'pin', 'KVM SEV: pin_user_pages_fast() of a user range; callers keep the pages (a registered region holds them until it is unregistered)', mainline('4.16'), deb612('arch/x86/kvm/svm/sev.c'), ['PIN-01', 'PIN-02'], { returns: 'pointer', args: { flags: 4 }, reference: 'pin', scope: '^arch/x86/kvm/', confidence: 'V' }),
  e('hva_to_pfn_slow', 'function', 'pin', 'KVM: GUP of a guest page through its host virtual address', mainline('4.0'), deb612('virt/kvm/kvm_main.c'), ['KPE-04'], { returns: 'int', confidence: 'K' }),
  e('check_user_page_hwpoison', 'function', 'pin', 'KVM: GUP probe for a hardware-poisoned guest page', mainline('3.0'), deb612('virt/kvm/kvm_main.c'), ['KPE-04'], { returns: 'int', confidence: 'K' }),
  e('build_id_parse', 'function', 'use', 'reads page-cache folios of user files: must refuse secretmem/no-direct-map mappings', mainline('5.9'), deb612('lib/buildid.c'), ['GUP-08'], { returns: 'int', confidence: 'K' }),
];
