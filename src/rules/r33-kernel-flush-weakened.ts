import type { CallSite, FileView, FunctionView, Statement } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { Location } from '../model/index.js';
import { isKernelFlush } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, definitionsOf, flushRequestFlags, flushRequestVariables, isAllCpuKernelFlush, isFlush, isZapCall, locateCode, meaningOf, writesPte } from './lib/index.js';

const norm = (s: string): string => s.replace(/\s+/g, '');
const sameCall = (a: CallSite, b: CallSite): boolean => a.callee === b.callee && a.args.map(norm).join(',') === b.args.map(norm).join(',');

/**
 * Whether a helper the series defines flushes every CPU before it returns, in
 * every definition it has (an arch override and the __weak default are two):
 * the model's derived entry takes one definition, the weakest one decides.
 */
function flushesEverywhereIn(ctx: RuleContext, name: string, depth = 0): { ok: boolean; weak?: { patch: DiffPatch; view: FileView; fn: FunctionView } } {
  const defs = definitionsOf(ctx, name);
  for (const d of defs) {
    const direct = d.fn.calls.some((c) => c.guards.length === 0 && c.callee !== name && isAllCpuKernelFlush(ctx, c, d.view.file) && (ctx.model.bySymbol.get(c.callee)?.derivedFrom === undefined || (depth < 3 && flushesEverywhereIn(ctx, c.callee, depth + 1).ok)));
    const viaHelper = depth < 3 && d.fn.calls.some((c) => c.guards.length === 0 && c.callee !== name && definitionsOf(ctx, c.callee).length > 0 && flushesEverywhereIn(ctx, c.callee, depth + 1).ok);
    if (!direct && !viaHelper) return { ok: false, weak: d };
  }
  return { ok: true };
}

/** The replacement does not flush every CPU: the model says so, or one of its definitions in the series does not. */
function weakReplacement(ctx: RuleContext, call: CallSite, file: string): { weak: boolean; where?: Location } {
  const m = meaningOf(ctx, call, file);
  if (m && m.entry.derivedFrom === undefined && m.entry.status.kind !== 'local') return { weak: !isAllCpuKernelFlush(ctx, call, file) };
  if (definitionsOf(ctx, call.callee).length === 0) return { weak: !isAllCpuKernelFlush(ctx, call, file) };
  const r = flushesEverywhereIn(ctx, call.callee);
  if (r.ok) return { weak: false };
  return { weak: true, where: r.weak ? locateCode(r.weak.patch, r.weak.view.file, { line: r.weak.fn.startLine, kind: 'add', text: r.weak.fn.name }, r.weak.fn.name) : undefined };
}

/** Another all-CPU kernel flush runs exactly when `call`'s new condition does not hold: its branch is covered. */
function covered(ctx: RuleContext, fn: FunctionView, call: CallSite, guard: string, file: string): boolean {
  const g = norm(guard);
  const negated = (a: string, b: string): boolean => a === `!(${b})` || a === `!${b}` || b === `!(${a})` || b === `!${a}`;
  return fn.calls.some((c) => c !== call && isFlush(ctx, c, file) && !weakReplacement(ctx, c, file).weak && c.guards.some((h) => negated(norm(h), g)));
}

function guardStatement(fn: FunctionView, guard: string, before: number): Statement | undefined {
  return [...fn.statements].reverse().find((s) => s.line.line <= before && s.kind === 'if' && s.text.includes(guard));
}

export const rule: Rule = {
  meta: {
    id: 'R33',
    name: 'kernel-flush-weakened',
    category: 'tlb-flush-missing',
    // Patch scope: a flush deleted outright has no added line to report on; the deleted line is the place.
    scope: 'patch',
    severity: 'warning',
    concepts: ['tlb', 'direct-map', 'set-memory'],
    summary: 'An all-CPU kernel TLB flush is replaced by a call that does not flush every CPU (deferred, conditional, lazy), removed while the mapping change stays, or a flush request is made conditional.',
    fix: 'Keep the all-CPU flush where the mapping change needs it; if some CPUs may skip it, show why they can never use the stale translation (and on arm64 break-before-make still holds). A flag that requests a flush may stand for more than the flush: keep everything else it triggers.',
    refs: ['TLB-01', 'TLB-04', 'TLB-08', 'lore:CAG48ez3H8OVP1GxBLdmFgusvT1gQhwu2SiXbgi8T9uuCYVK52w@mail.gmail.com', 'lore:4a64d05c80c9c490d291af881a86c3d853160060.camel@intel.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        const file = view.file;
        for (const fn of view.post) {
          // The model describes the flushes themselves; an arch reimplementing one is not weakening a caller.
          const own = ctx.model.bySymbol.get(fn.name);
          if (own && own.derivedFrom === undefined && own.concept === 'tlb') continue;
          const pre = view.pre.find((p) => p.name === fn.name);
          if (!pre) continue;
          const at = (call: CallSite): Location => callLocation({ patch, view, fn, call });

          // 1. An all-CPU kernel flush deleted: replaced by a weaker call, or gone while the mapping change stays.
          const kept = fn.calls.filter((c) => isFlush(ctx, c, file) && !weakReplacement(ctx, c, file).weak);
          for (const gone of pre.calls.filter((c) => c.line.kind === 'del' && isFlush(ctx, c, file))) {
            if (kept.some((c) => sameCall(c, gone))) continue;
            const change = fn.calls.find((c) => c.line.line <= gone.line.line + 2 && ((isZapCall(ctx, c, file) && !meaningOf(ctx, c, file)!.flushesTlb) || writesPte(ctx, c, file)));
            // The replacement: an added call with the same range, or an added kernel flush where the old one stood.
            const replacement =
              fn.calls.find((c) => c.line.kind === 'add' && c.callee !== gone.callee && c.args.length > 0 && c.args.map(norm).join(',') === gone.args.map(norm).join(',')) ??
              fn.calls.find((c) => c.line.kind === 'add' && Math.abs(c.line.line - gone.line.line) <= 2 && isKernelFlush(meaningOf(ctx, c, file)));
            // A local flush right after a visible mapping change is R32's finding.
            if (replacement && change && isKernelFlush(meaningOf(ctx, replacement, file), 'local')) continue;
            if (replacement) {
              const r = weakReplacement(ctx, replacement, file);
              if (!r.weak) continue;
              out.push({
                location: at(replacement),
                message: `${gone.callee}() flushed every CPU here; ${replacement.callee}() ${r.where ? `does not in every definition (the one at ${r.where.file}:${r.where.line} reaches no unconditional all-CPU flush)` : isKernelFlush(meaningOf(ctx, replacement, file), 'local') ? 'flushes the local CPU only' : 'is not known to flush every CPU'}: a CPU whose flush is skipped or deferred keeps stale translations of [${gone.args.join(', ')}), and reaches whatever is mapped there next.`,
                evidence: r.where ? [r.where] : [],
              });
              continue;
            }
            if (!change || kept.length > 0) continue;
            // Moved, not removed: the patch adds an all-CPU flush elsewhere (into a caller, after a batch).
            if (ctx.views(patch).some((v) => v.post.some((f) => f.calls.some((c) => c.line.kind === 'add' && isFlush(ctx, c, v.file))))) continue;
            out.push({
              location: locateCode(patch, file, gone.line, fn.name),
              message: `${gone.callee}() is removed from ${fn.name}() but ${change.callee}() still changes the kernel mapping: nothing flushes the other CPUs' stale translations any more.`,
              evidence: [at(change)],
            });
          }

          // 2. A condition added around a flush (or around setting a flag that requests one).
          for (const call of fn.calls.filter((c) => isFlush(ctx, c, file) && c.guards.length > 0)) {
            const before = pre.calls.find((c) => sameCall(c, call));
            if (!before) continue;
            const added = call.guards.filter((g) => !before.guards.includes(g));
            if (added.length === 0) continue;
            // The other branch flushes every CPU too (`if (large) flush_tlb_all(); else flush_tlb_kernel_range(…);`): no CPU is skipped.
            if (covered(ctx, fn, call, added[0]!, file)) continue;
            const stmt = guardStatement(fn, added[0]!, call.line.line);
            if (stmt && stmt.line.kind !== 'add') continue;
            out.push({
              location: stmt ? locateCode(patch, file, stmt.line, fn.name) : at(call),
              message: `${call.callee}() now runs only when ${added[0]}: when it does not hold, other CPUs keep stale translations of what was changed.`,
              evidence: [at(call)],
            });
          }
          // Variables of this function that only decide whether a flush runs (`if (need_flush) flush_tlb_kernel_range(…)`).
          const requestVars = flushRequestVariables(ctx, fn, file);
          for (const a of fn.assignments) {
            const flags = flushRequestFlags(ctx, a.value, file);
            const local = requestVars.get(a.target.trim());
            if (flags.length === 0 && !(local && /^(1|true)$/.test(a.value.trim()))) continue;
            const text = norm(`${a.target}${a.operator}${a.value}`);
            const before = pre.assignments.find((b) => norm(`${b.target}${b.operator}${b.value}`) === text);
            if (!before) continue;
            const now = fn.statements[a.statement]?.guards ?? [];
            const then = pre.statements[before.statement]?.guards ?? [];
            const added = now.filter((g) => !then.includes(g));
            if (added.length === 0) continue;
            const stmt = guardStatement(fn, added[0]!, a.line.line);
            if (stmt && stmt.line.kind !== 'add') continue;
            const flag = flags[0];
            const also = flag?.requests && flag.requests.length > 1 ? ` ${flag.symbol} stands for more than the TLB flush: when it is clear the caller also skips ${flag.requests.slice(1).join(' and ')}.` : '';
            out.push({
              location: stmt ? locateCode(patch, file, stmt.line, fn.name) : locateCode(patch, file, a.line, fn.name),
              message: flag
                ? `${flag.symbol} is now set only when ${added[0]}, so the flush it requests is skipped otherwise.${also} Skip only the work that is provably unneeded.`
                : `${a.target.trim()} decides whether ${local!.callee}() runs, and is now set only when ${added[0]}: when it does not hold, other CPUs keep stale translations of what was changed.`,
              evidence: [locateCode(patch, file, a.line, fn.name), ...(local ? [at(local)] : [])],
            });
          }
        }
      }
    }
    return out;
  },
};
