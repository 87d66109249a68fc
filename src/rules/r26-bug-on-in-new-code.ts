import type { FindingDraft, Rule } from './types.js';
import { addedCLines, deletedTexts, locationOf } from './lib/index.js';

const BUG = /\b(BUG|BUG_ON|VM_BUG_ON(?:_\w+)?)\s*\(/;

export const rule: Rule = {
  meta: {
    id: 'R26',
    name: 'bug-on-in-new-code',
    category: 'crash-on-error',
    scope: 'line',
    severity: 'warning',
    concepts: ['direct-map'],
    summary: 'New code adds BUG(), BUG_ON() or VM_BUG_ON*() where a warning plus recovery is possible.',
    fix: 'Use WARN_ON_ONCE() and recover (return an error, leak the page safely) instead of crashing the kernel.',
    refs: ['S28', 'seed:003', 'lore:20240712-asi-rfc-24-v1-0-144b319a40d8@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const moved = deletedTexts(patch);
      for (const pl of addedCLines(patch)) {
        const m = BUG.exec(pl.code);
        if (!m) continue;
        // A BUG_ON that only moved (same text deleted elsewhere in the patch) is not new.
        if (moved.has(pl.line.text.replace(/\s+/g, ' ').trim())) continue;
        // VM_BUG_ON*() exists only with CONFIG_DEBUG_VM: a debugging assertion, reported for information.
        const debugOnly = m[1]!.startsWith('VM_');
        out.push({
          location: locationOf(patch, pl),
          severity: debugOnly ? 'info' : undefined,
          message: debugOnly
            ? `${m[1]}() in new code crashes CONFIG_DEBUG_VM kernels; VM_WARN_ON*() reports the same condition without the crash.`
            : `${m[1]}() in new code crashes the kernel; checkpatch: "Do not crash the kernel unless it is absolutely unavoidable".`,
        });
      }
    }
    return out;
  },
};
