import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('set-memory');
const GENERIC = deb612('include/linux/set_memory.h');
const X86 = deb612('arch/x86/include/asm/set_memory.h');
const CPA = deb612('arch/x86/mm/pat/set_memory.c');
/** set_memory_*(addr, numpages): the CPA family; every variant flushes what it changed (x86 cpa_flush, arm64/riscv flush_tlb_kernel_range). */
const range = { granularity: 'range' as const, flushes: { '*': true }, returns: 'int' as const, args: { addr: 0, count: 1 }, mayFail: true };

/**
 * Permission and encryption changes of kernel mappings. Each can fail (a large
 * mapping must be split, the hypervisor refuses a conversion), and the generic
 * stubs are __must_check (include/linux/set_memory.h); a failed conversion of
 * encryption state leaves the pages in an unknown state: they must be leaked,
 * never freed (the 2023-2024 "Handle set_memory_XXcrypted() errors" series).
 */
export const SET_MEMORY: ModelEntry[] = [
  e('set_memory_ro', 'function', 'protect', 'make a kernel VA range read-only; __must_check', mainline('2.6'), GENERIC, ['DM-02', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_rw', 'function', 'protect', 'make a kernel VA range writable again; __must_check', mainline('2.6'), GENERIC, ['DM-02', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_x', 'function', 'protect', 'make a kernel VA range executable; __must_check', mainline('2.6'), GENERIC, ['DM-02', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_nx', 'function', 'protect', 'make a kernel VA range non-executable; __must_check', mainline('2.6'), GENERIC, ['DM-02', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_rox', 'function', 'protect', 'read-only then executable; returns the first error', mainline('6.2'), GENERIC, ['DM-02', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_pages_ro', 'function', 'protect', 'x86: set_memory_ro of a page range', mainline('2.6'), X86, ['DM-02', 'CPA-01'], { ...range, granularity: 'nr-pages', args: { page: 0, count: 1 }, confidence: 'V' }),
  e('set_pages_rw', 'function', 'protect', 'x86: set_memory_rw of a page range', mainline('2.6'), X86, ['DM-02', 'CPA-01'], { ...range, granularity: 'nr-pages', args: { page: 0, count: 1 }, confidence: 'V' }),
  e('set_memory_4k', 'function', 'protect', 'x86: split a kernel VA range into 4 KiB mappings; flushes', mainline('2.6'), X86, ['DM-12', 'CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_uc', 'function', 'protect', 'x86: uncached kernel mapping; flushes caches and TLB', mainline('2.6'), X86, ['CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_wb', 'function', 'protect', 'x86: write-back kernel mapping again', mainline('2.6'), X86, ['CPA-01'], { ...range, confidence: 'V' }),
  e('set_memory_decrypted', 'function', 'decrypt', 'share a kernel VA range with the host (clear the encryption bit); on failure the state is unknown and the pages must be leaked', mainline('4.14'), GENERIC, ['CPA-01', 'CPA-02'], { ...range, confidence: 'V' }),
  // x86 CPA internals (arch/x86/mm/pat/set_memory.c): the flag that asks change_page_attr_set_clr() to flush.
  e('CPA_FLUSHTLB', 'flag', 'flush', 'x86 CPA: set by __change_page_attr() whenever it changed a PTE; change_page_attr_set_clr() does nothing after the change when it is clear', mainline('2.6'), CPA, ['TLB-04', 'CPA-01'], { scope: '^arch/x86/', requests: ['the TLB flush of the changed range (cpa_flush)', 'the cache flush when caching attributes were set', 'the flush of everything when the change failed part way (cpa_flush_all)'], confidence: 'V' }),
  e('set_memory_encrypted', 'function', 'encrypt', 'make a shared range private again; on failure the pages must be leaked, never freed', mainline('4.14'), GENERIC, ['CPA-01', 'CPA-02'], { ...range, confidence: 'V' }),
];
