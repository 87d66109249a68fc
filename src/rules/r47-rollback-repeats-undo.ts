import type { CallSite, FunctionView, LoopInfo } from '../code/index.js';
import type { FindingDraft, Rule } from './types.js';
import { enclosesStatement, escapeRe, exitPath, locateCode, loopVariables, mentionsName, sameLoop, testOf, warnAssertions, wholeFunctions } from './lib/index.js';

/** A loop that undoes the first N elements: `for (j = 0; j < n; j++)`, `for (j = 0; j <= i; j++)`, `while (n--)`. */
interface Rollback {
  loop: LoopInfo;
  index: number;
  /** The loop's own variable. */
  v: string;
  /** How many it undoes: a counter or the main loop's index. */
  bound: string;
  /** The bound element itself is undone too (`<=`). */
  inclusive: boolean;
}

function rollbackOf(fn: FunctionView, index: number): Rollback | undefined {
  const s = fn.statements[index]!;
  if (s.kind !== 'loop') return undefined;
  const loop = fn.statements[index + 1]?.loops.find((l) => l.line.line === s.line.line);
  if (!loop) return undefined;
  let m = /^for\s*\(\s*([A-Za-z_]\w*)\s*=\s*0\s*;\s*\1\s*(<=?)\s*([A-Za-z_][\w.>-]*)\s*;/.exec(s.text);
  if (m) return { loop, index, v: m[1]!, bound: m[3]!, inclusive: m[2] === '<=' };
  m = /^while\s*\(\s*([A-Za-z_]\w*)\s*--\s*\)/.exec(s.text);
  if (m) return { loop, index, v: m[1]!, bound: m[1]!, inclusive: false };
  return undefined;
}

const norm = (s: string): string => s.replace(/\s+/g, '');
const rename = (text: string, from: string, to: string): string => (from === to ? text : text.replace(new RegExp(`(?<![\\w.>])${escapeRe(from)}(?!\\w)`, 'g'), to));

function steps(fn: FunctionView, name: string, sign: '+' | '-', from: number, to: number): number[] {
  const re = sign === '+' ? new RegExp(`^(?:\\+\\+\\s*${escapeRe(name)}|${escapeRe(name)}\\s*\\+\\+|${escapeRe(name)}\\s*\\+=\\s*1)\\s*;`) : new RegExp(`^(?:--\\s*${escapeRe(name)}|${escapeRe(name)}\\s*--|${escapeRe(name)}\\s*-=\\s*1)\\s*;`);
  const out: number[] = [];
  for (let j = from + 1; j < to; j++) if (fn.statements[j]!.kind === 'expression' && re.test(fn.statements[j]!.text)) out.push(j);
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'R47',
    name: 'rollback-repeats-undo',
    category: 'error-path',
    scope: 'function',
    severity: 'warning',
    concepts: ['kernel'],
    summary: 'A failure path undoes the current element itself and, when that undo fails, jumps to a rollback loop whose count still includes the element: the undo runs on it a second time.',
    fix: 'Undo each element exactly once: count the element only after its undo can no longer be needed (or decrement the count before jumping), or keep one error path that does all the undoing.',
    refs: ['KRN-02', 'lore:ZimclfBdk1Y9iKVY@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const transparent = warnAssertions(ctx);
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      for (let r = 0; r < fn.statements.length; r++) {
        const rb = rollbackOf(fn, r);
        if (!rb) continue;
        const undoCalls = fn.calls.filter((c) => c.loops[0] && sameLoop(c.loops[0], rb.loop) && c.args.some((a) => mentionsName(a, rb.v)));
        for (const undo of undoCalls) {
          // The same undo applied to the current element on a failure path inside an earlier loop.
          for (const again of fn.calls) {
            const main = again.loops[0];
            if (again === undo || again.callee !== undo.callee || again.statement >= r || !main || sameLoop(main, rb.loop)) continue;
            const mainVar = loopVariables(main).find((v) => norm(again.args.join(',')) === norm(rename(undo.args.join(','), rb.v, v)));
            if (!mainVar) continue;
            // Its failure leaves through an exit that reaches the rollback.
            const exit = fn.statements.findIndex((s, j) => j > again.statement && (s.kind === 'goto' || /^break\b/.test(s.text)) && s.guards[0] !== undefined && norm(s.guards[0]).includes(norm(again.text)) && testOf(s.guards[0], again.text, 'int', transparent) === 'failure');
            if (exit < 0 || !exitPath(fn, exit).includes(r)) continue;
            if (!counted(fn, rb, mainVar, again, exit)) continue;
            out.push({
              location: locateCode(patch, view.file, again.line, fn.name),
              message: `if ${again.callee}(${again.args.join(', ')}) fails here, the exit reaches the rollback at line ${fn.statements[r]!.line.line}, which calls ${undo.callee}() on the same element again: ${rb.bound === mainVar ? `the loop runs to ${rb.bound} inclusive` : `${rb.bound} still counts it`}. Undo each element once.`,
              evidence: [locateCode(patch, view.file, undo.line, fn.name)],
            });
          }
        }
      }
    }
    return out;
  },
};

/** The rollback's count includes the current element when `again` fails: an inclusive bound on the main index, or a counter stepped for it and not stepped back before the exit. */
function counted(fn: FunctionView, rb: Rollback, mainVar: string, again: CallSite, exit: number): boolean {
  if (rb.bound === mainVar) return rb.inclusive;
  const ups = steps(fn, rb.bound, '+', -1, again.statement).filter((j) => enclosesStatement(fn.statements[j]!, fn.statements[again.statement]!));
  if (ups.length === 0) return false;
  const last = ups[ups.length - 1]!;
  return steps(fn, rb.bound, '-', last, exit + 1).length === 0;
}
