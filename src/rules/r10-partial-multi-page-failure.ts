import type { FindingDraft, Rule } from './types.js';
import { callLocation, folioPageLoop, isOne, isRestoreCall, isZapCall, meaningOf, postCalls } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R10',
    name: 'partial-multi-page-failure',
    category: 'error-path',
    scope: 'function',
    severity: 'warning',
    concepts: ['direct-map', 'folio'],
    summary: 'A multi-page direct-map change can fail part way (a later page needs a split) and the error path returns without undoing the pages already changed.',
    fix: 'On error, restore the pages already removed before returning (or document that the primitive is all-or-nothing on this architecture).',
    refs: ['DM-03', 'S23'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const found of postCalls(ctx, () => true)) {
      const { call, fn } = found;
      if (!isZapCall(ctx, call, found.view.file)) continue;
      // Several pages: a loop of one-page changes, or one call over a count the model says it takes.
      const m = meaningOf(ctx, call, found.view.file)!;
      const multi = folioPageLoop(ctx, call.loops, found.view.file) || (m.granularity === 'nr-pages' && m.count !== undefined && !isOne(m.count));
      if (!multi) continue;
      const result = call.assignedTo;
      const bails = fn.statements.some(
        (s) => s.line.line > call.line.line && (s.kind === 'return' || s.kind === 'goto' || /\bbreak\b/.test(s.text)) && s.guards.some((g) => (result ? new RegExp(`\\b${result.replace(/[^\w]/g, '')}\\b`).test(g) : false) || g.includes(call.callee)),
      );
      if (!bails) continue;
      if (fn.calls.some((c) => isRestoreCall(ctx, c, found.view.file))) continue;
      out.push({
        location: callLocation(found),
        message: `${call.callee}() can fail on a later page after earlier pages were removed, and ${fn.name}() bails out without restoring them: the folio is left half-mapped.`,
      });
    }
    return out;
  },
};
