import type { FindingDraft, Rule } from './types.js';
import { addedLines, locationOf } from './lib/index.js';

const KNOB = /\bmodule_param(?:_named|_cb)?\s*\(\s*(\w*flush\w*)|^\s*config\s+(\w*FLUSH\w*)|\.procname\s*=\s*"(\w*flush\w*)"|#\s*define\s+(\w*(?:NO|SKIP)_\w*FLUSH\w*)/i;

export const rule: Rule = {
  meta: {
    id: 'R05',
    name: 'tlb-flush-opt-out',
    category: 'tlb-flush-placement',
    scope: 'patch',
    severity: 'warning',
    concepts: ['tlb', 'direct-map'],
    summary: 'A new module parameter, Kconfig symbol, sysctl or flag lets the TLB flush after direct-map removal be skipped.',
    fix: 'Always flush; make flushing cheaper (batch the removals, flush once) instead of making it optional.',
    refs: ['DM-08', 'DM-12', 'lore:20250924152214.7292-3-roypat@amazon.co.uk', 'S12'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // Only where the series takes memory out of the direct map: it removes or restores entries, or names a
    // flag or capability the model ties to direct-map removal (DM-* facts).
    const directMap = ctx.touches.some((t) => {
      const e = ctx.model.bySymbol.get(t.symbol);
      if (!e || e.debugOnly) return false;
      if (e.concept === 'direct-map' && (e.role === 'remove' || e.role === 'restore')) return true;
      return ['flag', 'capability', 'mapping-flag'].includes(e.kind) && e.facts.some((f) => f.startsWith('DM-'));
    });
    if (!directMap) return out;
    for (const patch of ctx.series.patches) {
      for (const pl of addedLines(patch)) {
        const m = KNOB.exec(pl.line.text);
        if (!m) continue;
        const name = m[1] ?? m[2] ?? m[3] ?? m[4];
        out.push({ location: locationOf(patch, pl), message: `${name} makes the TLB flush after direct-map removal optional: with it off, removed memory stays reachable through stale TLB entries — reviewers rejected exactly this knob in v7.` });
      }
    }
    return out;
  },
};
