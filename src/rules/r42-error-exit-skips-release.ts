import type { FindingDraft, Rule } from './types.js';
import { baseOf, contiguous, failedCallOf, heldResources, mentionsName, isErrorValue, labelIndex, labelReleases, lastAssignment, locateCode, meaningOf, passedOn, wholeFunctions, releasingHelpers, stillHeld } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R42',
    name: 'error-exit-skips-release',
    category: 'error-path',
    scope: 'function',
    severity: 'error',
    concepts: ['kernel'],
    summary: 'An error exit after a lock, reference or allocation returns directly (or jumps to a label that does not give it back) while the function\'s other error exits after the same acquire go to a label that releases it: the resource leaks on this path.',
    fix: 'Jump to the label that releases it (goto err) instead of returning, or move the check before the acquire.',
    refs: ['KRN-02', 'lore:ZUCe/PGL2Q4OzDOX@chao-email', 'lore:ZUYcb6no9ADYytrx@yilunxu-OptiPlex-7050'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const helpers = releasingHelpers(ctx);
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      const held = heldResources(ctx, fn, helpers);
      if (held.length === 0) continue;
      const reported = new Set<number>();
      for (const h of held) {
        const exits = fn.statements.map((s, i) => ({ s, i })).filter(({ s, i }) => (s.kind === 'return' || s.kind === 'goto') && stillHeld(ctx, fn, h, i, helpers));
        // The function's own convention: error exits after the acquire that jump forward to a label giving it back.
        const releasing = exits.filter(({ s, i }) => s.kind === 'goto' && s.target && labelIndex(fn, s.target) > i && labelReleases(ctx, fn, s.target, h, helpers).releases);
        if (releasing.length === 0) continue;
        const label = releasing[0]!.s.target!;
        for (const { s, i } of exits) {
          if (reported.has(i)) continue;
          let skips = false;
                    if (s.kind === 'return') {
            const value = s.target ?? '';
            const viaVar = /^[A-Za-z_]\w*$/.test(value) ? lastAssignment(fn, value, i)?.value : undefined;
            skips = isErrorValue(value) || isErrorValue(viaVar);
          } else if (s.target && s.target !== label && labelIndex(fn, s.target) > i) {
            const { path, releases } = labelReleases(ctx, fn, s.target, h, helpers);
            const last = path.length ? fn.statements[path[path.length - 1]!]! : undefined;
            // Only a label path seen to its return, calling nothing the model does not know (a callee may release it), can be said to skip the release.
            const wholePath = last?.kind === 'return';
            const opaque = fn.calls.some((c) => path.includes(c.statement) && !meaningOf(ctx, c, fn.file));
            // An error exit: the goto is taken because a call failed, or the label returns an errno; not a fallback that returns the resource.
            const failing = failedCallOf(ctx, fn, s, i) !== undefined || isErrorValue(last?.target);
            const returnsIt = last?.target !== undefined && mentionsName(last.target, baseOf(h.key));
            skips = !releases && wholePath && !opaque && failing && !returnsIt;
          }
          if (!skips || (passedOn(fn, h, h.call.statement, i) && !h.handover)) continue;
          reported.add(i);
          // Lines the patch does not show between the acquire and the exit may give it back.
          if (!contiguous(patch, view.file, h.call.line.line, s.line.line)) continue;
          const certain = s.kind === 'return' && !passedOn(fn, h, h.call.statement, i);
          const release = [...h.pair][0]!;
          const what = s.kind === 'return' ? `returns ${s.target} directly` : `jumps to ${s.target}, which does not call ${release}()`;
          out.push({
            location: locateCode(patch, view.file, s.line, fn.name),
            severity: certain ? undefined : 'warning',
            message: `${fn.name}() ${what} after ${h.call.callee}() (line ${h.call.line.line}) took ${h.key}: the other error exits after it go to ${label}, which calls ${release}(${h.key}); this one leaks it.`,
            evidence: [locateCode(patch, view.file, h.call.line, fn.name), locateCode(patch, view.file, releasing[0]!.s.line, fn.name)],
          });
        }
      }
    }
    return out;
  },
};
