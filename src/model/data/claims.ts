import type { ModelEntry, RegistryClaim, SymbolStatus } from '../types.js';
import { registryNumber } from '../numbers.js';
import { inSeries, mainline, rfcOnly } from './build.js';
import { S, deb612 } from './sources.js';

type ClaimRow = [registry: string, symbol: string, value: string, status: SymbolStatus, source: string, note?: string];

const KVM_H = deb612('include/uapi/linux/kvm.h');
const PAGEMAP = deb612('include/linux/pagemap.h');
const PARA = deb612('include/uapi/linux/kvm_para.h');

/**
 * Claims that are not (or not only) the value of a model entry: the base
 * numbers a new claim is compared with, and the earlier values of in-flight
 * symbols. Symbols in <angle brackets> are claims MODEL.md records without a
 * name; they are data for the map and for people, not identifiers.
 */
const ROWS: ClaimRow[] = [
  // REG-01: bit 0 was claimed by four proposals
  ['gmem-flags', '<NUMA mempolicy flag, Shivank Garg RFC V2>', '1ULL << 0', rfcOnly(2024), S.S1, 'first bit of flags; mainline took set_policy/get_policy on the mmap instead'],
  // REG-02: KVM_CAP numbers around guest_memfd, as in 6.12
  ['kvm-cap', 'KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES', '229', mainline('6.7'), KVM_H],
  ['kvm-cap', 'KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES', '230', mainline('6.8'), KVM_H, 'took 230 while the guest_memfd series still used it for KVM_CAP_USER_MEMORY2'],
  ['kvm-cap', 'KVM_CAP_PRE_FAULT_MEMORY', '236', mainline('6.10'), KVM_H],
  ['kvm-cap', 'KVM_CAP_X86_APIC_BUS_CYCLES_NS', '237', mainline('6.11'), KVM_H],
  ['kvm-cap', 'KVM_CAP_X86_GUEST_MODE', '238', mainline('6.12'), KVM_H],
  ['kvm-cap', 'KVM_CAP_USER_MEMORY2', '230', inSeries('pre-merge', 'guest_memfd 2023'), S.S10, 'moved to 231 when applied'],
  ['kvm-cap', '<KVM_CAP claimed by a 2024 series>', '236', inSeries('2024', 'concurrent KVM series'), deb612('include/uapi/linux/kvm.h'), 'several series proposed 236 in 2024'],
  ['kvm-cap', '<KVM_CAP claimed by a 2025-2026 series>', '245', inSeries('2025', 'concurrent KVM series'), S.S15, 'REG-02'],
  ['kvm-cap', '<KVM_CAP claimed by a 2025-2026 series>', '247', inSeries('2026', 'concurrent KVM series'), S.S15, 'REG-02'],
  // REG-03: ioctl numbers
  ['kvm-ioctl', 'KVM_PRE_FAULT_MEMORY', '0xd5', mainline('6.10'), KVM_H],
  ['kvm-ioctl', '<arm64 RMI ioctl>', '0xd6', inSeries('2026', 'arm64 CCA/RMI'), S.S1, 'also proposed 0xd6'],
  // REG-04: enum mapping_flags
  ['as-flags', 'AS_EIO', '0', mainline('2.6'), PAGEMAP],
  ['as-flags', 'AS_ENOSPC', '1', mainline('2.6'), PAGEMAP],
  ['as-flags', 'AS_MM_ALL_LOCKS', '2', mainline('2.6'), PAGEMAP],
  ['as-flags', 'AS_UNEVICTABLE', '3', mainline('2.6'), PAGEMAP],
  ['as-flags', 'AS_EXITING', '4', mainline('5.0'), PAGEMAP],
  ['as-flags', 'AS_NO_WRITEBACK_TAGS', '5', mainline('5.0'), PAGEMAP],
  ['as-flags', 'AS_RELEASE_ALWAYS', '6', mainline('6.6'), PAGEMAP],
  ['as-flags', 'AS_STABLE_WRITES', '7', mainline('6.6'), PAGEMAP],
  ['as-flags', 'AS_WRITEBACK_MAY_DEADLOCK_ON_RECLAIM', '9', mainline('6.16'), S.S26],
  ['as-flags', 'AS_KERNEL_FILE', '10', mainline('6.18'), S.S26, 'landed while AS_NO_DIRECT_MAP claimed 10'],
  ['as-flags', 'AS_NO_DIRECT_MAP', '10', inSeries('v6', 'guest_memfd direct map removal'), S.S26, 'moved to 11 in v9'],
  // REG-05: FOLL_KVM moved after colliding with FOLL_FAST_ONLY
  ['foll', 'FOLL_KVM', '0x80000', rfcOnly(2020), S.S19, 'RFC v1; 0x80000 was already FOLL_FAST_ONLY'],
  // REG-06: hypercalls; mainline took 12 for MAP_GPA_RANGE after the RFC
  ['kvm-hc', 'KVM_HC_SEND_IPI', '10', mainline('4.19'), PARA],
  ['kvm-hc', 'KVM_HC_SCHED_YIELD', '11', mainline('5.10'), PARA],
  ['kvm-hc', 'KVM_HC_MAP_GPA_RANGE', '12', mainline('5.14'), PARA],
  // memslot flags
  ['kvm-memslot-flags', 'KVM_MEM_LOG_DIRTY_PAGES', '1UL << 0', mainline('2.6'), KVM_H],
  ['kvm-memslot-flags', 'KVM_MEM_READONLY', '1UL << 1', mainline('3.16'), KVM_H],
];

function claim(registry: string, symbol: string, value: string, status: SymbolStatus, source: string, note?: string): RegistryClaim {
  const numeric = registryNumber(registry, value);
  if (numeric === undefined) throw new Error(`model data: ${symbol} = ${value} is not a number of registry ${registry}`);
  return note ? { registry, symbol, value, numeric, status, source, note } : { registry, symbol, value, numeric, status, source };
}

/**
 * Every numbered symbol per registry: the values of model entries plus ROWS.
 * `numeric` is the number within the registry: the bit index for flag
 * registries (see numbers.ts), the value otherwise.
 */
export function buildClaims(entries: readonly ModelEntry[]): RegistryClaim[] {
  const fromEntries = entries.filter((e) => e.registry && e.value).map((e) => claim(e.registry!, e.symbol, e.value!, e.status, e.source));
  return [...fromEntries, ...ROWS.map((r) => claim(...r))];
}
