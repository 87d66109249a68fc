import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('tlb');
const X86 = deb612('arch/x86/include/asm/tlbflush.h');
const X86_TLB = deb612('arch/x86/mm/tlb.c');
const ARM64 = deb612('arch/arm64/include/asm/tlbflush.h');
const RISCV = deb612('arch/riscv/mm/tlbflush.c');
const CACHETLB = deb612('Documentation/core-api/cachetlb.rst');
const ARM_SMP_TLB = deb612('arch/arm/kernel/smp_tlb.c');
const GENERIC_TLB = deb612('include/asm-generic/tlb.h');
const MMU_GATHER = deb612('mm/mmu_gather.c');
const PGTABLE = deb612('include/linux/pgtable.h');
const X86_PGTABLE = deb612('arch/x86/include/asm/pgtable.h');
const RISCV_TLB = deb612('arch/riscv/include/asm/tlb.h');
const k = entryMaker('kernel');
const kernelAll = { flushes: { '*': true }, flushScope: 'all' as const, flushTarget: 'kernel' as const, returns: 'void' as const };
const kernelLocal = { flushes: { '*': true }, flushScope: 'local' as const, flushTarget: 'kernel' as const, returns: 'void' as const };
/** s390 instructions that change a kernel page-table entry and purge the TLBs with it (arch/s390/include/asm/pgtable.h). */
const S390 = deb612('arch/s390/include/asm/pgtable.h');
const s390 = { flushes: { s390: true }, flushScope: 'all' as const, flushTarget: 'kernel' as const, returns: 'void' as const, scope: '^arch/s390/', confidence: 'K' as const };
const userAll = { flushes: { '*': true }, flushScope: 'all' as const, flushTarget: 'user' as const, returns: 'void' as const };
const pte = (symbol: string, semantics: string, source = PGTABLE, since = '2.6') => k(symbol, 'function', 'use', semantics, mainline(since), source, ['TLB-03'], { writesPte: true, returns: 'void', confidence: 'V' });
const field = (name: string, lifetime: 'element' | 'flush' | 'batch', semantics: string, since = '4.20') => e(`mmu_gather.${name}`, 'struct-field', 'use', semantics, mainline(since), GENERIC_TLB, ['TLB-06'], { lifetime, confidence: 'V' });
const tableFree = (symbol: string, semantics: string, since = '2.6', source = GENERIC_TLB) => e(symbol, 'macro', 'free', semantics, mainline(since), source, ['TLB-06', 'TLB-07'], { pageTable: true, confidence: 'V' });

/**
 * TLB flushes, with who they reach (MODEL.md DM-03, DM-12; cachetlb.rst): a
 * kernel mapping that was removed or changed is unreachable only once every
 * CPU has flushed it, so a flush of the local CPU alone does not finish a
 * change of a mapping other CPUs may hold (x86 flush_tlb_one_kernel() ends in
 * flush_tlb_one_user(), arch/x86/mm/tlb.c).
 */
export const TLB: ModelEntry[] = [
  e('flush_tlb_kernel_range', 'function', 'flush', 'flush kernel TLB entries of [start, end) on all CPUs (IPI broadcast)', mainline('2.6'), CACHETLB, ['DM-03', 'DM-05', 'DM-12'], { ...kernelAll, granularity: 'range', args: { addr: 0 }, confidence: 'V' }),
  e('flush_tlb_all', 'function', 'flush', 'flush all TLB entries on all CPUs', mainline('2.6'), CACHETLB, ['DM-12'], { ...kernelAll, granularity: 'range', confidence: 'V' }),
  e('flush_tlb_kernel_page', 'function', 'flush', 'flush one kernel page on all CPUs (32-bit arm broadcasts it by IPI; m68k, nios2)', mainline('2.6'), ARM_SMP_TLB, ['DM-12'], { ...kernelAll, granularity: 'page', args: { addr: 0 }, confidence: 'V' }),
  e('__flush_tlb_all', 'function', 'flush', 'x86: flush all TLB entries of the local CPU only', mainline('2.6'), X86, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'range', confidence: 'V' }),
  e('flush_tlb_local', 'function', 'flush', 'x86: flush the non-global entries of the local CPU only', mainline('4.14'), X86, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'range', confidence: 'V' }),
  e('flush_tlb_one_kernel', 'function', 'flush', 'x86: flush one kernel address on the local CPU only (flush_tlb_one_user underneath)', mainline('4.16'), X86_TLB, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'page', args: { addr: 0 }, confidence: 'V' }),
  e('__flush_tlb_one_kernel', 'function', 'flush', 'x86: flush one kernel address on the local CPU only', mainline('4.16'), X86, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'page', args: { addr: 0 }, confidence: 'K' }),
  e('flush_tlb_one_user', 'function', 'flush', 'x86: flush one address of the current address space on the local CPU only', mainline('4.16'), X86, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'page', args: { addr: 0 }, confidence: 'V' }),
  e('local_flush_tlb_all', 'function', 'flush', 'flush every entry of the local CPU only (arm64, riscv, …)', mainline('2.6'), ARM64, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'range', confidence: 'V' }),
  e('local_flush_tlb_kernel_range', 'function', 'flush', 'flush a kernel range on the local CPU only (riscv, …)', mainline('2.6'), RISCV, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'range', args: { addr: 0 }, confidence: 'V' }),
  e('local_flush_tlb_page', 'function', 'flush', 'flush one address on the local CPU only', mainline('2.6'), RISCV, ['DM-12', 'TLB-01'], { ...kernelLocal, granularity: 'page', confidence: 'K' }),
  e('flush_tlb_mm', 'function', 'flush', 'flush every user translation of an mm on the CPUs that ran it', mainline('2.6'), CACHETLB, ['TLB-02'], { ...userAll, granularity: 'range', confidence: 'V' }),
  e('flush_tlb_range', 'function', 'flush', 'flush user translations of [start, end) of a VMA', mainline('2.6'), CACHETLB, ['TLB-02'], { ...userAll, granularity: 'range', confidence: 'V' }),
  e('flush_tlb_page', 'function', 'flush', 'flush one user address of a VMA', mainline('2.6'), CACHETLB, ['TLB-02'], { ...userAll, granularity: 'page', confidence: 'V' }),
  e('flush_tlb_mm_range', 'function', 'flush', 'x86/riscv: flush a range of an mm (user translations)', mainline('4.14'), X86, ['TLB-02'], { ...userAll, granularity: 'range', confidence: 'K' }),
  e('__flush_tlb_kernel_pgtable', 'function', 'flush', 'arm64: invalidate the walk-cache entries of one kernel address on all CPUs (after freeing a kernel page table)', mainline('5.0'), ARM64, ['TLB-01', 'TLB-07'], { ...kernelAll, granularity: 'page', args: { addr: 0 }, confidence: 'V' }),
  // The mmu_gather (include/asm-generic/tlb.h): batched flushes of a user mm, and the state that decides them (TLB-06).
  e('tlb_flush_mmu', 'function', 'flush', 'flush what the gather collected and free the gathered pages and tables', mainline('2.6'), MMU_GATHER, ['TLB-02', 'TLB-06'], { ...userAll, granularity: 'range', confidence: 'V' }),
  e('tlb_flush_mmu_tlbonly', 'function', 'flush', 'flush the gathered range without freeing the gathered pages; resets the per-flush state (__tlb_reset_range)', mainline('3.16'), GENERIC_TLB, ['TLB-02', 'TLB-06'], { ...userAll, granularity: 'range', confidence: 'V' }),
  e('tlb_finish_mmu', 'function', 'flush', 'final flush of a gather, then free what it collected', mainline('2.6'), MMU_GATHER, ['TLB-02', 'TLB-06'], { ...userAll, granularity: 'range', confidence: 'V' }),
  e('tlb_flush', 'function', 'flush', 'the arch hook that flushes a gather: a ranged flush of the user mm, a whole-mm flush when tables were freed (riscv 6.7 did a ranged flush only)', mainline('2.6'), RISCV_TLB, ['TLB-06', 'TLB-07'], { ...userAll, granularity: 'range', rangedOnly: { riscv: { since: '6.7', until: '6.8' } }, confidence: 'V' }),
  e('tlb_gather_mmu', 'function', 'use', 'start a gather on the caller\'s stack: __tlb_gather_mmu() sets the per-batch state and resets the per-flush state', mainline('2.6'), MMU_GATHER, ['TLB-06'], { resets: 'batch', returns: 'void', confidence: 'V' }),
  e('tlb_gather_mmu_fullmm', 'function', 'use', 'start a gather that tears down a whole mm', mainline('5.11'), MMU_GATHER, ['TLB-06'], { resets: 'batch', returns: 'void', confidence: 'V' }),
  e('__tlb_gather_mmu', 'function', 'use', 'initialises a gather: mm, fullmm, need_flush_all, batches, then __tlb_reset_range(); the vma_* fields are left alone', mainline('5.11'), MMU_GATHER, ['TLB-06'], { resets: 'batch', returns: 'void', confidence: 'V' }),
  e('__tlb_reset_range', 'function', 'use', 'after every flush of a gather: empty range, freed_tables and cleared_* back to 0; the vma_* fields are not reset', mainline('4.20'), GENERIC_TLB, ['TLB-06'], { resets: 'flush', returns: 'void', confidence: 'V' }),
  field('fullmm', 'batch', 'the gather tears down a whole mm (exit/execve): set when the gather starts'),
  field('need_flush_all', 'batch', 'an operation needs a flush of the whole mm; cleared when the gather starts'),
  field('freed_tables', 'flush', 'page-table pages were freed since the last flush: the flush must drop non-leaf (walk-cache) entries'),
  field('cleared_ptes', 'flush', 'PTE-level entries were cleared since the last flush'),
  field('cleared_pmds', 'flush', 'PMD-level entries were cleared since the last flush'),
  field('cleared_puds', 'flush', 'PUD-level entries were cleared since the last flush'),
  field('cleared_p4ds', 'flush', 'P4D-level entries were cleared since the last flush'),
  field('vma_exec', 'element', 'the current VMA is executable: rewritten by tlb_start_vma() for every VMA, never reset'),
  field('vma_huge', 'element', 'the current VMA is hugetlb: rewritten by tlb_start_vma() for every VMA, never reset'),
  field('vma_pfn', 'element', 'the current VMA is VM_PFNMAP/VM_MIXEDMAP: rewritten by tlb_start_vma() for every VMA, never reset', '5.19'),
  // Page-table pages handed to the gather: freed only after its flush, which must then drop non-leaf entries (TLB-07).
  tableFree('tlb_remove_table', 'queue a page-table page to be freed after the gather flush (RCU-safe against GUP-fast)', '3.6', MMU_GATHER),
  tableFree('tlb_remove_ptdesc', 'queue a page-table descriptor to be freed after the gather flush', '6.5'),
  tableFree('tlb_remove_page_ptdesc', 'queue the page of a page-table descriptor to be freed after the gather flush', '6.5'),
  tableFree('pte_free_tlb', 'free a PTE table through the gather; sets tlb->freed_tables'),
  tableFree('pmd_free_tlb', 'free a PMD table through the gather; sets tlb->freed_tables'),
  tableFree('pud_free_tlb', 'free a PUD table through the gather; sets tlb->freed_tables'),
  tableFree('p4d_free_tlb', 'free a P4D table through the gather; sets tlb->freed_tables', '4.12'),
  tableFree('__pte_free_tlb', 'arch hook behind pte_free_tlb(): hand a PTE table to the gather'),
  tableFree('__pmd_free_tlb', 'arch hook behind pmd_free_tlb(): hand a PMD table to the gather'),
  tableFree('__pud_free_tlb', 'arch hook behind pud_free_tlb(): hand a PUD table to the gather'),
  tableFree('__p4d_free_tlb', 'arch hook behind p4d_free_tlb(): hand a P4D table to the gather', '4.12'),
  // Page-table entry writers (general vocabulary): a change CPUs may still hold in their TLBs (TLB-03).
  pte('set_pte', 'write a page-table entry'),
  pte('set_pte_at', 'write a page-table entry of an mm at an address'),
  pte('set_ptes', 'write nr consecutive page-table entries', PGTABLE, '6.4'),
  pte('set_pte_atomic', 'x86: write a page-table entry atomically (PAE-safe)', X86_PGTABLE),
  pte('pte_clear', 'clear a page-table entry'),
  pte('ptep_get_and_clear', 'clear a page-table entry and return the old value'),
  pte('set_pmd', 'write a PMD entry'),
  pte('set_pmd_at', 'write a PMD entry of an mm at an address'),
  pte('pmd_clear', 'clear a PMD entry'),
  pte('set_pud', 'write a PUD entry'),
  pte('pud_clear', 'clear a PUD entry'),
  e('kvm_flush_remote_tlbs', 'function', 'flush', 'flush guest (EPT/stage-2) TLBs of a VM; does not flush the kernel direct map', mainline('2.6'), deb612('virt/kvm/kvm_main.c'), ['GM-16'], { flushes: { '*': true }, flushScope: 'all', flushTarget: 'guest', returns: 'void', confidence: 'K' }),
  // s390 has no separate flush after a page-table change: these instructions replace or invalidate the entry and purge the TLBs (DM-09).
  e('crdte', 'function', 'flush', 's390: compare and replace a DAT table entry, purging the TLB entries it mapped on every CPU', mainline('5.0'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('cspg', 'function', 'flush', 's390: compare and swap and purge (64-bit): replace a table entry and purge the TLBs of every CPU', mainline('2.6'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('csp', 'function', 'flush', 's390: compare and swap and purge (32-bit): replace a table entry and purge the TLBs of every CPU', mainline('2.6'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('__ptep_ipte', 'function', 'flush', 's390: invalidate a PTE and flush its TLB entries (every CPU with IPTE_GLOBAL)', mainline('4.8'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'page' }),
  e('__ptep_ipte_range', 'function', 'flush', 's390: invalidate a range of PTEs and flush their TLB entries (every CPU with IPTE_GLOBAL)', mainline('4.8'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
];
