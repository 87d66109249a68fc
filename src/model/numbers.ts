/**
 * Registry numbers. Flag registries are compared by bit index so that
 * `(1ULL << 2)`, `BIT(2)` and `0x4` are the same claim; the rest by value.
 */

import { balancedParens as balanced, stripC, type StripOptions } from '../code/index.js';

export const BIT_REGISTRIES: ReadonlySet<string> = new Set(['gmem-flags', 'foll', 'gfp', 'kvm-mem-attr', 'kvm-memslot-flags']);

const IOCTL = /^_IO(?:R|W|WR)?\s*\(\s*KVMIO\s*,\s*(0x[0-9a-f]+|\d+)/i;
const SHIFT = /^(?:\(?\s*(?:1|1U|1UL|1ULL|\(u64\)\s*1)\s*\)?)\s*<<\s*\(?\s*(\d+)\s*\)?$/i;
const BIT_MACRO = /^(?:BIT|BIT_ULL|_BITUL|_BITULL)\s*\(\s*(\d+)\s*\)$/;
const PLAIN = /^(0x[0-9a-f]+|\d+)(?:U|UL|ULL|L|LL)?$/i;
/** A value is text after a name: an unclosed `/*` in it is left as it is, and then reads as no number. */
const VALUE_CODE: StripOptions = { unclosed: 'text', literals: 'keep', lineComments: 'after-blocks' };

/** A value as written with its comments, outer blanks and outer parentheses taken off. */
export function bareValue(text: string): string {
  let v = stripC([text], VALUE_CODE).code[0]!.trim();
  while (/^\(.*\)$/.test(v) && balanced(v.slice(1, -1))) v = v.slice(1, -1).trim();
  return v;
}


/** The number a `#define`/enum value claims in its registry, or undefined when it is not a constant we read. */
export function registryNumber(registry: string | undefined, valueText: string): bigint | undefined {
  const v = bareValue(valueText);
  const io = IOCTL.exec(v);
  if (io) return BigInt(io[1]!);
  const shift = SHIFT.exec(v) ?? BIT_MACRO.exec(v);
  if (shift) {
    const bit = BigInt(shift[1]!);
    if (registry && BIT_REGISTRIES.has(registry)) return bit;
    // No C type is wider than 128 bits; `1 << 99999999` is no constant (and a BigInt that size cannot be made).
    return bit < 128n ? 1n << bit : undefined;
  }
  const plain = PLAIN.exec(v);
  if (!plain) return undefined;
  const n = BigInt(plain[1]!);
  if (registry && BIT_REGISTRIES.has(registry)) {
    // A mask such as 0x80000 names one bit; a multi-bit mask claims no single number.
    if (n > 0n && (n & (n - 1n)) === 0n) return BigInt(n.toString(2).length - 1);
    return undefined;
  }
  return n;
}

/** Human form: `bit 2`, `0xd4`, `236`. */
export function registryNumberText(registry: string, numeric: bigint, valueText: string): string {
  if (BIT_REGISTRIES.has(registry)) return `bit ${numeric}`;
  if (/^\s*(_IO|0x)/i.test(valueText)) return `0x${numeric.toString(16)}`;
  return numeric.toString();
}

/** Registry prefixes of MODEL.md §2.7: a NEW `#define` with one of these claims a number. */
const PREFIXES: [RegExp, string][] = [
  [/^(?:GUEST_MEMFD_FLAG_|KVM_GUEST_MEMFD_|KVM_GMEM_(?!IO))/, 'gmem-flags'],
  [/^KVM_CAP_/, 'kvm-cap'],
  [/^AS_/, 'as-flags'],
  [/^FOLL_/, 'foll'],
  [/^KVM_HC_/, 'kvm-hc'],
  [/^KVM_FEATURE_/, 'kvm-feature'],
  [/^__GFP_/, 'gfp'],
  [/^KVM_MEMORY_ATTRIBUTE_/, 'kvm-mem-attr'],
  [/^KVM_MEM_/, 'kvm-memslot-flags'],
  // x86 VM types: KVM_CAP_VM_TYPES reports each as BIT(type).
  [/^KVM_X86_\w+_VM$/, 'kvm-vm-type'],
];

/** The registry a defined name (and its value text) belongs to, if any. */
export function registryOf(name: string, valueText = ''): string | undefined {
  if (IOCTL.test(bareValue(valueText))) return 'kvm-ioctl';
  // Every KVM_CAP_* is a capability, KVM_CAP_VM_GPA_BITS too.
  if (/^KVM_CAP_/.test(name)) return 'kvm-cap';
  // Field widths and bounds share the prefix but claim no number.
  if (/_(BITS|MIN|MAX|MASK|SHIFT|COUNT|NR)$/.test(name)) return undefined;
  for (const [re, registry] of PREFIXES) if (re.test(name)) return registry;
  return undefined;
}
