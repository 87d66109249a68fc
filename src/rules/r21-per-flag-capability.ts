import type { FindingDraft, Rule } from './types.js';
import { seriesNumbers } from './lib/index.js';

const EXISTING = new Set(['KVM_CAP_GUEST_MEMFD', 'KVM_CAP_GUEST_MEMFD_FLAGS']);

export const rule: Rule = {
  meta: {
    id: 'R21',
    name: 'per-flag-capability',
    category: 'new-flag',
    scope: 'patch',
    severity: 'warning',
    concepts: ['guest-memfd', 'registry'],
    summary: 'A new KVM_CAP_GUEST_MEMFD_<X> / KVM_CAP_GMEM_<X> capability is added to advertise one guest_memfd creation flag.',
    fix: 'Advertise the flag through kvm_gmem_get_supported_flags(), which KVM_CAP_GUEST_MEMFD_FLAGS reports; no new capability.',
    refs: ['GM-04', 'S17'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const flagsCap = ctx.model.inKernel('KVM_CAP_GUEST_MEMFD_FLAGS');
    for (const n of seriesNumbers(ctx)) {
      if (n.registry !== 'kvm-cap' || EXISTING.has(n.name) || !/GMEM|GUEST_MEMFD/.test(n.name)) continue;
      out.push({
        location: n.location,
        message: flagsCap
          ? `${n.name} adds a capability for one guest_memfd flag; KVM_CAP_GUEST_MEMFD_FLAGS already reports the supported flags.`
          : `${n.name} adds a capability for one guest_memfd flag; maintainers asked for one flags capability (KVM_CAP_GUEST_MEMFD_FLAGS, 6.18) instead of one per flag.`,
      });
    }
    return out;
  },
};
