import type { CallSite, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { enclosesStatement, failedCallOf, isErrorValue, labelIndex, locateCode, meaningOf, pathFrom, releasedBy, releasingHelpers, wholeFunctions } from './lib/index.js';

const norm = (s: string): string => s.replace(/\s+/g, '');
const sameGuards = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((g, i) => g === b[i]);

/** Calls the model says take what `releases` gives back, on `key`. */
function acquiresOf(ctx: RuleContext, fn: FunctionView, releases: Set<string>, key: string): CallSite[] {
  const acquires = new Set<string>();
  for (const r of releases) for (const a of ctx.model.bySymbol.get(r)?.pair ?? []) acquires.add(a);
  return fn.calls.filter((c) => acquires.has(c.callee) && meaningOf(ctx, c, fn.file)?.role === 'acquire' && (norm(c.assignedTo ?? '') === key || norm(c.args[0] ?? '') === key));
}

/** Cleanup helpers the function also runs on a label's path: its end-of-function cleanup. */
function labelCleanups(fn: FunctionView): Set<string> {
  const out = new Set<string>();
  for (const label of fn.labels) {
    const path = new Set(pathFrom(fn, labelIndex(fn, label)));
    for (const c of fn.calls) if (path.has(c.statement)) out.add(c.callee);
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'R45',
    name: 'cleanup-before-setup',
    category: 'error-path',
    scope: 'function',
    severity: 'error',
    concepts: ['kernel'],
    summary: 'An early error exit runs cleanup that undoes a step the function takes only later (unlocks before the lock, unlinks before the list_add): coding-style.rst\'s "one err bug".',
    fix: 'Undo only what this path has done: call the individual releases that apply here, or jump to the label that matches how far the function got.',
    refs: ['KRN-02', 'lore:20250714221545.5615-14-romank@linux.microsoft.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const helpers = releasingHelpers(ctx);
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      const cleanups = labelCleanups(fn);
      for (const k of fn.calls) {
        const stmt = fn.statements[k.statement];
        // A piece of a function that starts inside a block shows its exits at top level: their condition is not in view.
        const unseenCondition = !fn.complete && stmt?.guards.length === 0;
        if (!stmt || (stmt.guards.length === 0 && !unseenCondition)) continue;
        // An early exit: the call sits in a conditional block that ends in a return or goto.
        const exit = fn.statements.findIndex((s, j) => j > k.statement && (s.kind === 'return' || s.kind === 'goto') && sameGuards(s.guards, stmt.guards));
        if (exit < 0) continue;
        const e = fn.statements[exit]!;
        // …taken because something failed: not a normal-flow jump such as `goto found`, and before the labels the function ends with.
        const failing = failedCallOf(ctx, fn, e, exit) !== undefined || isErrorValue(e.target) || (unseenCondition && e.kind === 'return' && /^[A-Za-z_]\w*$/.test(e.target ?? '') && !fn.labels.some((l) => labelIndex(fn, l) < exit));
        if (!failing) continue;
        const helper = helpers.has(k.callee);
        for (const r of releasedBy(ctx, k, view.file, helpers)) {
          const taken = acquiresOf(ctx, fn, r.releases, r.key);
          if (taken.some((a) => a.statement < k.statement)) continue;
          // Taken later on the path this exit leaves (not in a branch exclusive with it).
          const later = taken.find((a) => a.statement > exit && enclosesStatement(fn.statements[a.statement]!, e));
          const undo = [...r.releases][0]!;
          const step = [...(ctx.model.bySymbol.get(undo)?.pair ?? [])][0] ?? 'the matching acquire';
          if (later) {
            // Dropping a lock the caller holds and taking it again later is not this: nothing may release it in between.
            const between = fn.calls.some((c) => c.statement > exit && c.statement < later.statement && releasedBy(ctx, c, view.file, helpers).some((x) => x.key === r.key));
            if (between) continue;
            out.push({
              location: locateCode(patch, view.file, k.line, fn.name),
              severity: fn.complete ? undefined : 'warning',
              message: `${helper ? `${k.callee}() runs ${undo}(${r.key}), which undoes` : `${undo}(${r.key}) undoes`} ${later.callee}(), but ${fn.name}() does that only at line ${later.line.line}, after this early exit: the path undoes a step it has not done.`,
              evidence: [locateCode(patch, view.file, later.line, fn.name)],
            });
          } else if (helper && !fn.complete && /^&.*(->|\.)/.test(r.key) && (cleanups.has(k.callee) || fn.labels.length === 0)) {
            out.push({
              location: locateCode(patch, view.file, k.line, fn.name),
              severity: 'info',
              message: `${k.callee}() runs ${undo}(${r.key}) on this early exit, but no ${step}() of it is in the lines shown before here${cleanups.has(k.callee) ? ` (it is also the cleanup of a label that later exits reach)` : ''}: check that this path has done that step, or undo only what it did.`,
            });
          }
        }
      }
    }
    return out;
  },
};
