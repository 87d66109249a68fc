import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('tlb');
const X86 = deb612('arch/x86/include/asm/tlbflush.h');

/** Kernel TLB flushes that make a direct-map change visible everywhere (MODEL.md DM-03, DM-12). */
export const TLB: ModelEntry[] = [
  e('flush_tlb_kernel_range', 'function', 'flush', 'flush kernel TLB entries of [start, end) on all CPUs (IPI broadcast)', mainline('2.6'), X86, ['DM-03', 'DM-05', 'DM-12'], { granularity: 'range', flushes: { '*': true }, returns: 'void', confidence: 'V' }),
  e('flush_tlb_all', 'function', 'flush', 'flush all TLB entries on all CPUs', mainline('2.6'), X86, ['DM-12'], { granularity: 'range', flushes: { '*': true }, returns: 'void', confidence: 'V' }),
  e('__flush_tlb_all', 'function', 'flush', 'x86: flush all TLB entries of the local CPU', mainline('2.6'), X86, ['DM-12'], { granularity: 'range', flushes: { x86: true }, returns: 'void', confidence: 'K' }),
  e('flush_tlb_one_kernel', 'function', 'flush', 'x86: flush one kernel address on the local CPU', mainline('4.16'), X86, ['DM-12'], { granularity: 'page', flushes: { x86: true }, returns: 'void', confidence: 'K' }),
  e('kvm_flush_remote_tlbs', 'function', 'use', 'flush guest (EPT/stage-2) TLBs of a VM; does not flush the kernel direct map', mainline('2.6'), deb612('virt/kvm/kvm_main.c'), ['GM-16'], { returns: 'void', confidence: 'K' }),
];
