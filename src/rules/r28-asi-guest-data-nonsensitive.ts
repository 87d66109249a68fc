import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

const GLOBAL_NONSENSITIVE = /\b(__GFP_GLOBAL_NONSENSITIVE|SLAB_GLOBAL_NONSENSITIVE|VM_GLOBAL_NONSENSITIVE|__asi_not_sensitive(?:_readmostly)?|DEFINE_PER_CPU_ASI_NOT_SENSITIVE|ASI_GLOBAL_NONSENSITIVE)\b/;
const GUEST = /guest|vcpu|gmem|kvm|vmcs|vmcb|\bgpa\b|\bgfn\b/i;

export const rule: Rule = {
  meta: {
    id: 'R28',
    name: 'asi-guest-data-nonsensitive',
    category: 'asi-sensitivity',
    scope: 'line',
    severity: 'error',
    concepts: ['asi'],
    summary: 'Guest memory or per-VM/per-vCPU guest state is annotated globally non-sensitive (ASI 2022 model), visible to every other VM\'s speculation.',
    fix: 'Use __GFP_LOCAL_NONSENSITIVE (2022 model) or leave the allocation sensitive (2024+ model, __GFP_SENSITIVE by default for user data).',
    refs: ['ASI-01', 'ASI-04', 'seed:001', 'S21'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        const m = GLOBAL_NONSENSITIVE.exec(pl.code);
        if (!m) continue;
        const subject = pl.code.replace(GLOBAL_NONSENSITIVE, '');
        if (!GUEST.test(subject) && !GUEST.test(pl.hunk.header)) continue;
        out.push({ location: locationOf(patch, pl), message: `guest data marked ${m[1]}: globally non-sensitive memory is mapped in every ASI domain, so other VMs can reach it speculatively; guest data is at most locally non-sensitive.` });
      }
    }
    return out;
  },
};
