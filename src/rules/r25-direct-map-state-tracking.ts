import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callsIn, isZapCall, locateCode, postFunctions } from './lib/index.js';

/** Writing the private field directly: `folio->private = …`, `set_bit(…, &folio->private)`. */
const PRIVATE_FIELD = /\b\w*folio\w*\s*->\s*private\s*=[^=]|\bset_bit\s*\([^,]+,\s*&?\(?\s*\w*folio\w*\s*->\s*private/;

/** The per-folio state a statement writes: the private field or PG_private, or PG_uptodate (the model's `writes`). */
function stateWrite(ctx: RuleContext, text: string, file: string): 'private' | 'uptodate' | undefined {
  if (PRIVATE_FIELD.test(text)) return 'private';
  return callsIn(text).map((c) => ctx.model.meaning(c.callee, c.args, file)?.entry.writes).find((w) => w !== undefined);
}

export const rule: Rule = {
  meta: {
    id: 'R25',
    name: 'direct-map-state-tracking',
    category: 'direct-map-lifecycle',
    scope: 'function',
    severity: 'warning',
    concepts: ['direct-map', 'folio'],
    summary: 'Per-folio "removed from the direct map" state is set before the removal succeeded, set with the wrong bit operation, or derived from unrelated state (uptodate, PG_private).',
    fix: 'Remove first; on success set the bit with |= (or set_bit) under the folio lock; clear it after the restore.',
    refs: ['DM-07', 'DM-09', 'DM-10', 'FO-05', 'S11', 'S14', 'S16'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const zap = fn.calls.find((c) => isZapCall(ctx, c, view.file));
      if (!zap) continue;
      for (const a of fn.assignments) {
        if (a.line.kind !== 'add' || !/private/.test(a.target)) continue;
        if (a.operator === '=' && /&\s*[A-Z_]|&\s*\w*BIT/.test(a.value) && !/~/.test(a.value)) {
          out.push({ location: locateCode(patch, view.file, a.line, fn.name), message: `${a.target} = ${a.value.trim()} masks the state with & instead of setting the bit (|=): the "removed" state is lost.` });
        }
      }
      for (const s of fn.statements) {
        if (s.line.kind !== 'add' || s.line.line >= zap.line.line) continue;
        const state = stateWrite(ctx, s.text, view.file);
        // Marking a folio uptodate before the zap is ordinary preparation, unless the function exists to zap.
        if (!state || (state === 'uptodate' && !/direct_map|zap/.test(fn.name))) continue;
        out.push({
          location: locateCode(patch, view.file, s.line, fn.name),
          message: `the folio's state is updated (${s.text.trim()}) before ${zap.callee}() has succeeded: if the removal fails the folio is marked removed while still mapped, and the restore path acts on a lie.`,
        });
        break;
      }
    }
    return out;
  },
};
