import type { FindingDraft, Rule } from './types.js';
import { addedCLines, entriesIn, locationOf } from './lib/index.js';

/** Words that name guest memory or per-VM / per-vCPU guest state (MODEL.md R28: identifier heuristics). */
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
        // The model says which annotations make memory globally non-sensitive (ASI-01/02/04).
        const global = entriesIn(ctx, pl.code).find((e) => e.concept === 'asi' && e.asiClass === 'global');
        if (!global) continue;
        const subject = pl.code.replace(new RegExp(`\\b${global.symbol}\\b`, 'g'), '');
        if (!GUEST.test(subject) && !GUEST.test(pl.hunk.header)) continue;
        out.push({ location: locationOf(patch, pl), message: `guest data marked ${global.symbol}: globally non-sensitive memory is mapped in every ASI domain, so other VMs can reach it speculatively; guest data is at most locally non-sensitive.` });
      }
    }
    return out;
  },
};
