import type { FindingDraft, Rule } from './types.js';
import { seriesNumbers } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R21',
    name: 'per-flag-capability',
    category: 'new-flag',
    scope: 'patch',
    severity: 'warning',
    concepts: ['guest-memfd', 'registry'],
    summary: 'A new KVM capability is added to advertise one guest_memfd creation flag (it is named after the flag).',
    fix: 'Advertise the flag through the supported-flags mask, which KVM_CAP_GUEST_MEMFD_FLAGS reports (6.18+); no new capability.',
    refs: ['GM-04', 'GM-05', 'S17'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const added = seriesNumbers(ctx);
    // Every guest_memfd creation flag known: the series', the model's (RFCs, series, later kernels) and the base's.
    const flags = new Set([
      ...added.filter((n) => n.registry === 'gmem-flags').map((n) => n.name),
      ...ctx.model.claims.filter((c) => c.registry === 'gmem-flags').map((c) => c.symbol),
    ]);
    const capabilityOf = new Map([...flags].map((f) => [capabilityName(f), f] as const));
    // Does the base report the accepted flags through one capability (6.18), or does a later kernel?
    const masks = ctx.model.base?.flagsMasks ?? [];
    const own = ctx.model.base?.flagsMask?.reportedBy;
    const later = masks.find((m) => m.reportedBy)?.reportedBy;
    for (const n of added) {
      if (n.registry !== 'kvm-cap' || ctx.model.inKernel(n.name)) continue;
      const flag = capabilityOf.get(n.name.replace(/^KVM_CAP_/, ''));
      if (!flag) continue;
      out.push({
        location: n.location,
        message: own
          ? `${n.name} adds a capability for the one guest_memfd flag ${flag}; ${own} already reports every supported flag in Linux ${ctx.model.base!.kernel}.`
          : `${n.name} adds a capability for the one guest_memfd flag ${flag}; maintainers asked for one capability reporting the supported-flags mask${later ? ` (${later} in later kernels)` : ''} instead of one per flag.`,
      });
    }
    return out;
  },
};

/** The capability name a flag's own capability would have: GUEST_MEMFD_FLAG_MMAP → GUEST_MEMFD_MMAP (KVM_CAP_GUEST_MEMFD_MMAP), KVM_GMEM_NO_DIRECT_MAP → GMEM_NO_DIRECT_MAP. */
function capabilityName(flag: string): string {
  return flag.replace(/^KVM_/, '').replace(/_FLAG_/, '_');
}
