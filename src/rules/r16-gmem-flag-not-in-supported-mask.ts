import type { FindingDraft, Rule } from './types.js';
import { mentions, seriesNumbers, wholeSeries } from './lib/index.js';

/** Where a guest_memfd flag is accepted: the supported-flags function (6.18+) or `valid_flags` (older). */
const MASK_CONTEXT = /valid_flags|supported_flags|get_supported_flags|flags\s*\|=|^\s*\|\s*\w|\|\s*$|return\s+[A-Z_]+(\s*\|\s*[A-Z_]+)*\s*;/;

export const rule: Rule = {
  meta: {
    id: 'R16',
    name: 'gmem-flag-not-in-supported-mask',
    category: 'new-flag',
    scope: 'series',
    severity: 'error',
    concepts: ['guest-memfd', 'registry'],
    summary: 'A new guest_memfd creation flag is defined in the uapi header but never added to the valid/supported-flags mask, or is in the mask but never consumed.',
    fix: 'Add the flag to kvm_gmem_get_supported_flags() (valid_flags on older bases, arch-gated if needed), consume it in virt/kvm/guest_memfd.c, document it (R18) and test it (R19).',
    refs: ['GM-05', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // The mask and the code that acts on the flag may be in patches that are not in the input.
    if (!wholeSeries(ctx)) return out;
    for (const flag of seriesNumbers(ctx)) {
      if (flag.registry !== 'gmem-flags' || !/^include\/uapi\/linux\/kvm\.h$/.test(flag.location.file)) continue;
      const uses = mentions(ctx, flag.name).filter((m) => /^(virt\/kvm|arch\/[^/]+\/kvm)\//.test(m.file));
      const inMask = uses.filter((u) => MASK_CONTEXT.test(u.text));
      const consumed = uses.filter((u) => !MASK_CONTEXT.test(u.text));
      if (inMask.length === 0) {
        out.push({
          location: flag.location,
          message: `${flag.name} is defined but the series never adds it to the valid/supported-flags mask: KVM_CREATE_GUEST_MEMFD rejects it with -EINVAL, so the flag is dead.`,
          evidence: consumed.map((c) => c.location),
        });
      } else if (consumed.length === 0) {
        out.push({
          location: flag.location,
          severity: 'warning',
          message: `${flag.name} is accepted by the supported-flags mask but nothing in guest_memfd acts on it: userspace is told a behaviour exists that the kernel does not implement.`,
          evidence: inMask.map((c) => c.location),
        });
      }
    }
    return out;
  },
};
