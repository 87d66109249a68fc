import type { CallSite, FunctionView, LoopInfo } from '../code/index.js';
import type { CallMeaning } from '../model/index.js';
import type { FindingDraft, Rule } from './types.js';
import { exitPath, loopVariables, failedCallOf, labelIndex, locateCode, meaningOf, mentionsName, sameLoop, wholeFunctions } from './lib/index.js';

/** Changes of kernel state whose failure part way through a loop leaves the earlier elements changed. */
function isChange(m: CallMeaning | undefined): boolean {
  if (!m?.mayFail) return false;
  // Page removals from the direct map in a page loop are R10's.
  if (m.role === 'remove') return m.concept !== 'direct-map' || m.granularity === 'range';
  return m.role === 'protect' || m.role === 'decrypt' || m.role === 'encrypt' || m.role === 'restore';
}

const inLoop = (c: { loops: LoopInfo[] }, loop: LoopInfo): boolean => c.loops.some((l) => sameLoop(l, loop));
const touches = (c: CallSite, vars: string[]): boolean => c.args.some((a) => vars.some((v) => mentionsName(a, v)));

export const rule: Rule = {
  meta: {
    id: 'R46',
    name: 'loop-failure-keeps-earlier-iterations',
    category: 'error-path',
    scope: 'function',
    severity: 'warning',
    concepts: ['set-memory'],
    summary: 'A permission or encryption change made element by element in a loop fails part way, and the exit leaves what the earlier iterations did (the change itself, and what was published after it) in place.',
    fix: 'On failure, undo the earlier elements in reverse (while (i--) …) before leaving, or publish each element only after the whole loop succeeded.',
    refs: ['KRN-02', 'CPA-01', 'lore:093da237-50c1-5898-1637-7a9a84e1076c@iogearbox.net'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      fn.statements.forEach((exit, i) => {
        const loop = exit.loops[0];
        if (!loop || !(exit.kind === 'goto' || exit.kind === 'return' || /^break\b/.test(exit.text))) return;
        const failed = failedCallOf(ctx, fn, exit, i);
        if (!failed || !inLoop(failed, loop) || !isChange(meaningOf(ctx, failed, fn.file))) return;
        const vars = loopVariables(loop);
        if (!touches(failed, vars)) return;
        const effects = effectsOf(ctx, fn, loop, vars, failed);
        // Earlier elements left read-only are given back with their permissions reset when freed;
        // what else the loop published for them, or memory left shared with the host (CPA-02), is not.
        const role = meaningOf(ctx, failed, fn.file)?.role;
        if (effects.length === 0 && role !== 'decrypt' && role !== 'encrypt') return;
        const undone = undoes(ctx, fn, exit, i, vars, failed);
        if (undone === true) return;
        const done = [failed, ...effects].map((c) => `${c.callee}(${c.args.join(', ')})`);
        const where = exit.kind === 'goto' ? (undone === 'unseen' ? `goto ${exit.target} (the label is not in the lines the patch shows)` : `goto ${exit.target}`) : exit.kind === 'return' ? exit.text.replace(/;$/, '') : 'break';
        out.push({
          location: locateCode(patch, view.file, exit.line, fn.name),
          message: `when ${failed.callee}() fails for a later element of the loop at line ${loop.line.line}, ${where} leaves the earlier iterations' ${done.join(' and ')} in place: undo them before leaving.`,
          evidence: [locateCode(patch, view.file, failed.line, fn.name)],
        });
      });
    }
    return out;
  },
};

/** Other calls of the loop body that act on the element: what the earlier iterations also did. */
function effectsOf(ctx: Parameters<Rule['check']>[0], fn: FunctionView, loop: LoopInfo, vars: string[], failed: CallSite): CallSite[] {
  return fn.calls.filter((c) => {
    if (c === failed || !inLoop(c, loop) || !c.discarded || !touches(c, vars)) return false;
    // Logging is not an effect to undo; neither is an assertion.
    if (/^"/.test((c.args[0] ?? '').trim()) || ctx.model.bySymbol.get(c.callee)?.assert) return false;
    return true;
  });
}

/** The exit undoes earlier elements (an unwinding loop, a call on the element, the inverse change), cannot be seen, or does not. */
function undoes(ctx: Parameters<Rule['check']>[0], fn: FunctionView, exit: FunctionView['statements'][number], i: number, vars: string[], failed: CallSite): true | false | 'unseen' {
  let path: number[];
  if (exit.kind === 'goto') {
    if (!exit.target || labelIndex(fn, exit.target) < 0) return 'unseen';
    path = exitPath(fn, i);
  } else if (exit.kind === 'return') {
    path = fn.statements.map((_, j) => j).filter((j) => j < i && fn.statements[j]!.guards[0] === exit.guards[0] && j > failed.statement);
  } else {
    path = exitPath(fn, i);
  }
  const set = new Set(path);
  if (path.some((j) => fn.statements[j]!.kind === 'loop')) return true;
  const role = meaningOf(ctx, failed, fn.file)?.role;
  for (const c of fn.calls) {
    if (!set.has(c.statement) || c === failed) continue;
    if (touches(c, vars)) return true;
    const r = meaningOf(ctx, c, fn.file)?.role;
    if (r && r !== role && (r === 'protect' || r === 'encrypt' || r === 'decrypt' || r === 'restore' || r === 'remove')) return true;
  }
  return false;
}
