import type { FindingDraft, Rule } from './types.js';
import { newUapiNumbers, touchedPaths, wholeSeries } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R19',
    name: 'uapi-untested',
    category: 'new-flag',
    scope: 'series',
    severity: 'warning',
    concepts: ['guest-memfd', 'registry'],
    summary: 'A new guest_memfd flag or KVM capability comes without any change under tools/testing/selftests/kvm/.',
    fix: 'Extend tools/testing/selftests/kvm/guest_memfd_test.c (the invalid-flags loop and a functional test) and the tools copy of the uapi header in the same series.',
    refs: ['GM-05', 'S11', 'S12'],
  },
  check(ctx) {
    // Tests may be in a patch of the series that is not in the input.
    if (!wholeSeries(ctx) || touchedPaths(ctx).some((p) => p.startsWith('tools/testing/selftests/kvm/'))) return [];
    const out: FindingDraft[] = [];
    for (const n of newUapiNumbers(ctx)) {
      if (n.registry !== 'gmem-flags' && n.registry !== 'kvm-cap') continue;
      out.push({ location: n.location, message: `${n.name} is new uAPI but the series does not touch the KVM selftests; guest_memfd_test.c iterates over every flag bit and expects -EINVAL for unknown ones.` });
    }
    return out;
  },
};
