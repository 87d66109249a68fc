import type { ModelEntry, RegistryClaim, SymbolStatus } from '../types.js';
import { registryNumber } from '../numbers.js';
import { inSeries, mainline, rfcOnly } from './build.js';
import { S, deb612 } from './sources.js';

type ClaimRow = [registry: string, symbol: string, value: string, status: SymbolStatus, source: string, note?: string];

const KVM_H = deb612('include/uapi/linux/kvm.h');

/**
 * Claims that are not (or not only) the value of a model entry: numbers of
 * later kernels, in-flight series and RFCs, and base numbers with a story
 * worth telling. The base numbers a new claim is compared with are the base
 * kernel's facts (data/kernels: extracted for 6.12, hand-written later). Symbols in <angle brackets> are claims MODEL.md records without a
 * name; they are data for the map and for people, not identifiers.
 */
const ROWS: ClaimRow[] = [
  // REG-01: bit 0 was claimed by four proposals
  ['gmem-flags', '<NUMA mempolicy flag, Shivank Garg RFC V2>', '1ULL << 0', rfcOnly(2024), S.S1, 'first bit of flags; mainline took set_policy/get_policy on the mmap instead'],
  // REG-02: KVM_CAP numbers around guest_memfd
  ['kvm-cap', 'KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES', '230', mainline('6.8'), KVM_H, 'took 230 while the guest_memfd series still used it for KVM_CAP_USER_MEMORY2'],
  ['kvm-cap', 'KVM_CAP_USER_MEMORY2', '230', inSeries('pre-merge', 'guest_memfd 2023'), S.S10, 'moved to 231 when applied'],
  ['kvm-cap', '<KVM_CAP claimed by a 2024 series>', '236', inSeries('2024', 'concurrent KVM series'), deb612('include/uapi/linux/kvm.h'), 'several series proposed 236 in 2024'],
  ['kvm-cap', '<KVM_CAP claimed by a 2025-2026 series>', '245', inSeries('2025', 'concurrent KVM series'), S.S15, 'REG-02'],
  ['kvm-cap', '<KVM_CAP claimed by a 2025-2026 series>', '247', inSeries('2026', 'concurrent KVM series'), S.S15, 'REG-02'],
  // REG-03: ioctl numbers
  ['kvm-ioctl', '<arm64 RMI ioctl>', '0xd6', inSeries('2026', 'arm64 CCA/RMI'), S.S1, 'also proposed 0xd6'],
  // REG-04: enum mapping_flags
  ['as-flags', 'AS_WRITEBACK_MAY_DEADLOCK_ON_RECLAIM', '9', mainline('6.16'), S.S26],
  ['as-flags', 'AS_KERNEL_FILE', '10', mainline('6.18'), S.S26, 'landed while AS_NO_DIRECT_MAP claimed 10'],
  ['as-flags', 'AS_NO_DIRECT_MAP', '10', inSeries('v6', 'guest_memfd direct map removal'), S.S26, 'moved to 11 in v9'],
  // REG-05: FOLL_KVM moved after colliding with FOLL_FAST_ONLY
  ['foll', 'FOLL_KVM', '0x80000', rfcOnly(2020), S.S19, 'RFC v1; 0x80000 was already FOLL_FAST_ONLY'],
  // REG-06: hypercalls: mainline took 12 for KVM_HC_MAP_GPA_RANGE after the RFC (in the kernel facts)
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
