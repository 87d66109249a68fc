import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('tlb');
const X86 = deb612('arch/x86/include/asm/tlbflush.h');
const X86_TLB = deb612('arch/x86/mm/tlb.c');
const ARM64 = deb612('arch/arm64/include/asm/tlbflush.h');
const RISCV = deb612('arch/riscv/mm/tlbflush.c');
const CACHETLB = deb612('Documentation/core-api/cachetlb.rst');
const kernelAll = { flushes: { '*': true }, flushScope: 'all' as const, flushTarget: 'kernel' as const, returns: 'void' as const };
const kernelLocal = { flushes: { '*': true }, flushScope: 'local' as const, flushTarget: 'kernel' as const, returns: 'void' as const };
/** s390 instructions that change a kernel page-table entry and purge the TLBs with it (arch/s390/include/asm/pgtable.h). */
const S390 = deb612('arch/s390/include/asm/pgtable.h');
const s390 = { flushes: { s390: true }, flushScope: 'all' as const, flushTarget: 'kernel' as const, returns: 'void' as const, scope: '^arch/s390/', confidence: 'K' as const };
const userAll = { flushes: { '*': true }, flushScope: 'all' as const, flushTarget: 'user' as const, returns: 'void' as const };

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
  e('flush_tlb_kernel_page', 'function', 'flush', 'flush one kernel page on all CPUs (arm64, others)', mainline('2.6'), ARM64, ['DM-12'], { ...kernelAll, granularity: 'page', args: { addr: 0 }, confidence: 'K' }),
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
  e('kvm_flush_remote_tlbs', 'function', 'flush', 'flush guest (EPT/stage-2) TLBs of a VM; does not flush the kernel direct map', mainline('2.6'), deb612('virt/kvm/kvm_main.c'), ['GM-16'], { flushes: { '*': true }, flushScope: 'all', flushTarget: 'guest', returns: 'void', confidence: 'K' }),
  // s390 has no separate flush after a page-table change: these instructions replace or invalidate the entry and purge the TLBs (DM-09).
  e('crdte', 'function', 'flush', 's390: compare and replace a DAT table entry, purging the TLB entries it mapped on every CPU', mainline('5.0'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('cspg', 'function', 'flush', 's390: compare and swap and purge (64-bit): replace a table entry and purge the TLBs of every CPU', mainline('2.6'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('csp', 'function', 'flush', 's390: compare and swap and purge (32-bit): replace a table entry and purge the TLBs of every CPU', mainline('2.6'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
  e('__ptep_ipte', 'function', 'flush', 's390: invalidate a PTE and flush its TLB entries (every CPU with IPTE_GLOBAL)', mainline('4.8'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'page' }),
  e('__ptep_ipte_range', 'function', 'flush', 's390: invalidate a range of PTEs and flush their TLB entries (every CPU with IPTE_GLOBAL)', mainline('4.8'), S390, ['DM-09', 'DM-12'], { ...s390, granularity: 'range' }),
];
