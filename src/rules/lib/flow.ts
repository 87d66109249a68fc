import { balancedParens as balanced, type Assignment, type CallSite, type FileView, type FunctionView, type LoopInfo, type Statement } from '../../code/index.js';
import { meaningOf } from './direct-map.js';
import type { DiffPatch } from '../../diff/index.js';
import type { RuleContext } from '../types.js';
import { lineAt } from './locate.js';

/**
 * Control-flow reading of a FunctionView for the error-path rules: which
 * statements enclose which (guards and loops are innermost-first lists, so
 * an enclosing context is a suffix), where a label's path leads, and what a
 * condition says about a result (failure or success). The C error idioms
 * read here (`!p`, `IS_ERR(p)`, `ret < 0`, `unlikely()`) are the language's
 * and the kernel's conventions, not symbols of the model.
 */

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `name` (an identifier or an lvalue such as `gpadl->decrypted`) occurs in `text` as a whole word. */
export function mentionsName(text: string, name: string): boolean {
  if (!name) return false;
  return new RegExp(`(?<![\\w.>])${escapeRe(name)}(?!\\w)`).test(text);
}

/** `outer` is `inner` or one of its enclosing contexts (both innermost first). */
export function encloses<T>(outer: readonly T[], inner: readonly T[], same: (a: T, b: T) => boolean = (a, b) => a === b): boolean {
  if (outer.length > inner.length) return false;
  const off = inner.length - outer.length;
  return outer.every((o, i) => same(o, inner[off + i]!));
}

export const sameLoop = (a: LoopInfo, b: LoopInfo): boolean => a.line.line === b.line.line && a.header === b.header;

/** Statement `a` runs on every path that reaches statement `b` at its level: `a` sits in a block enclosing `b`'s. */
export function enclosesStatement(a: { guards: readonly string[]; loops: readonly LoopInfo[] }, b: { guards: readonly string[]; loops: readonly LoopInfo[] }): boolean {
  return encloses(a.guards, b.guards) && encloses(a.loops, b.loops, sameLoop);
}

/** Index of the statement that defines `label`, or -1. */
export function labelIndex(fn: FunctionView, label: string): number {
  return fn.statements.findIndex((s) => s.kind === 'label' && s.target === label);
}

const isBreak = (s: Statement): boolean => s.kind === 'other' && /^break\s*;?$/.test(s.text);

/** First statement after loop `loop` (not inside it), or -1. */
export function afterLoop(fn: FunctionView, loop: LoopInfo, from: number): number {
  for (let j = from + 1; j < fn.statements.length; j++) if (!fn.statements[j]!.loops.some((l) => sameLoop(l, loop))) return j;
  return -1;
}

/**
 * The statements a jump to statement `start` runs through, in order: falls
 * through labels, takes unconditional gotos and breaks (and conditional ones
 * whose condition is in `holds`, what is known true on the path), and stops
 * at an unconditional return, at the end of a loop body it cannot leave, or
 * at the end of the view. Statements inside conditions on the way are
 * included: they may run.
 */
export function pathFrom(fn: FunctionView, start: number, holds: readonly string[] = []): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  let i = start;
  if (i < 0 || i >= fn.statements.length) return out;
  let level = fn.statements[i]!.guards.length;
  let loops = fn.statements[i]!.loops;
  while (i >= 0 && i < fn.statements.length && !seen.has(i)) {
    seen.add(i);
    const s = fn.statements[i]!;
    // Leaving the loop body by falling off its end starts the next iteration: the path ends there.
    if (!encloses(loops, s.loops, sameLoop)) break;
    out.push(i);
    const known = s.guards.slice(0, Math.max(0, s.guards.length - level)).every((g) => holds.includes(g));
    const unconditional = s.guards.length <= level || known;
    if (s.kind === 'return' && unconditional) break;
    if (s.kind === 'goto' && unconditional && s.target) {
      const j = labelIndex(fn, s.target);
      if (j < 0) break;
      i = j;
      level = fn.statements[j]!.guards.length;
      loops = fn.statements[j]!.loops;
      continue;
    }
    if (isBreak(s) && unconditional && s.loops[0]) {
      const j = afterLoop(fn, s.loops[0], i);
      if (j < 0) break;
      i = j;
      level = fn.statements[j]!.guards.length;
      loops = fn.statements[j]!.loops;
      continue;
    }
    i++;
  }
  return out;
}

/** Where an exit statement leads: the path from its goto label, or the path after the loop it breaks out of; [] for a return. */
export function exitPath(fn: FunctionView, exit: number): number[] {
  const s = fn.statements[exit]!;
  if (s.kind === 'goto' && s.target) return pathFrom(fn, labelIndex(fn, s.target), s.guards);
  if (isBreak(s) && s.loops[0]) return pathFrom(fn, afterLoop(fn, s.loops[0], exit), s.guards);
  return [];
}

export const isExit = (s: Statement): boolean => s.kind === 'return' || s.kind === 'goto' || isBreak(s);

/** An errno-style failure value: `-EINVAL`, `ERR_PTR(-ENOMEM)`, a negative number. */
export function isErrorValue(text: string | undefined): boolean {
  if (!text) return false;
  const t = text.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
  return /^-E[A-Z0-9]+$/.test(t) || /^ERR_PTR\(-E[A-Z0-9]+\)$/.test(t) || /^-[1-9]\d*$/.test(t);
}

/** What a result says once tested: how a caller tells failure from success. */
export type ResultKind = 'int' | 'pointer';
export type Outcome = 'failure' | 'success';

/** Condition wrappers that return their argument's truth: parentheses, branch hints, warning assertions. */
export type Transparent = (callee: string) => boolean;

function stripParens(t: string): string {
  let s = t.trim();
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}


/** Splits at top-level `&&` / `||`. */
function atoms(cond: string): string[] {
  const out: string[] = [];
  let d = 0;
  let from = 0;
  for (let i = 0; i < cond.length; i++) {
    const c = cond[i];
    if (c === '(') d++;
    else if (c === ')') d--;
    else if (d === 0 && (cond.startsWith('&&', i) || cond.startsWith('||', i))) {
      out.push(cond.slice(from, i));
      from = i + 2;
      i++;
    }
  }
  out.push(cond.slice(from));
  return out.map((a) => a.trim()).filter(Boolean);
}

function unwrap(atom: string, transparent: Transparent): string {
  let a = stripParens(atom);
  for (;;) {
    const m = /^([A-Za-z_]\w*)\s*\((.*)\)$/s.exec(a);
    if (!m || !balanced(m[2]!) || !(m[1] === 'unlikely' || m[1] === 'likely' || transparent(m[1]!))) return a;
    // WARN(cond, fmt…) and KVM_BUG_ON(cond, kvm): the condition is the first argument.
    a = stripParens(firstArg(m[2]!));
  }
}

function firstArg(args: string): string {
  let d = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(') d++;
    else if (c === ')') d--;
    else if (c === ',' && d === 0) return args.slice(0, i);
  }
  return args;
}

const squashWs = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * What condition `cond` says about `subject` (a variable or the text of a
 * call): the branch it guards runs on its failure, on its success, or it
 * says nothing about it. `!(c)` (an else branch) inverts.
 */
export function testOf(cond: string, subject: string, kind: ResultKind, transparent: Transparent = () => false): Outcome | undefined {
  let c = squashWs(cond);
  let negate = false;
  const neg = /^!\((.*)\)$/s.exec(c);
  if (neg && balanced(neg[1]!)) {
    negate = true;
    c = neg[1]!;
  }
  const subj = squashWs(subject);
  for (const raw of atoms(stripParens(c))) {
    const outcome = atomTest(unwrap(raw, transparent), subj, kind, transparent);
    if (outcome) return negate ? (outcome === 'failure' ? 'success' : 'failure') : outcome;
  }
  return undefined;
}

function atomTest(atom: string, subj: string, kind: ResultKind, transparent: Transparent): Outcome | undefined {
  const s = escapeRe(subj).replace(/\\? /g, '\\s*');
  let a = squashWs(atom);
  let not = false;
  while (a.startsWith('!') && !a.startsWith('!=')) {
    not = !not;
    a = unwrap(a.slice(1), transparent);
  }
  const flip = (o: Outcome | undefined): Outcome | undefined => (o && not ? (o === 'failure' ? 'success' : 'failure') : o);
  if (new RegExp(`^IS_ERR(?:_OR_NULL)?\\(\\s*${s}\\s*\\)$`).test(a)) return flip('failure');
  if (new RegExp(`^${s}\\s*<\\s*0$`).test(a)) return flip('failure');
  if (new RegExp(`^${s}\\s*>=\\s*0$`).test(a)) return flip('success');
  if (kind === 'pointer') {
    if (new RegExp(`^${s}$`).test(a)) return flip('success');
    if (new RegExp(`^${s}\\s*==\\s*NULL$`).test(a)) return flip('failure');
    if (new RegExp(`^${s}\\s*!=\\s*NULL$`).test(a)) return flip('success');
    return undefined;
  }
  if (new RegExp(`^${s}$`).test(a)) return flip('failure');
  if (new RegExp(`^${s}\\s*!=\\s*0$`).test(a)) return flip('failure');
  if (new RegExp(`^${s}\\s*==\\s*0$`).test(a)) return flip('success');
  return undefined;
}

/** Assertions that return their condition (WARN_ON and friends, KVM_BUG_ON): transparent in conditions. */
export function warnAssertions(ctx: RuleContext): Transparent {
  return (callee) => {
    const a = ctx.model.bySymbol.get(callee)?.assert;
    return a === 'warn' || a === 'debug-warn';
  };
}

/** How a caller reads the result of a call the model knows: a pointer (NULL / ERR_PTR on failure) or an int. */
export function resultKind(ctx: RuleContext, call: CallSite, file: string): ResultKind {
  const m = ctx.model.meaning(call.callee, call.args, file);
  if (m?.entry.returns) return m.entry.returns === 'pointer' ? 'pointer' : 'int';
  return m?.role === 'acquire' && call.assignedTo ? 'pointer' : 'int';
}

/** The subject a condition tests for this call's result: the variable it is stored in, or the call itself inside an `if`. */
export function resultSubject(call: CallSite): string | undefined {
  if (call.assignedTo) return call.assignedTo;
  if (call.wrappedBy !== undefined && !call.discarded) return call.text;
  return undefined;
}

/** The last assignment to `name` before statement `at` on a block enclosing it, or undefined. */
export function lastAssignment(fn: FunctionView, name: string, at: number): Assignment | undefined {
  const target = fn.statements[at]!;
  let found: Assignment | undefined;
  for (const a of fn.assignments) {
    if (a.statement >= at || a.target !== name) continue;
    const s = fn.statements[a.statement];
    if (!s || !enclosesStatement(s, target)) continue;
    if (!found || a.statement >= found.statement) found = a;
  }
  return found;
}

/** Every new-side line from `from` to `to` is in the patch (added or context): nothing between them is hidden. */
export function contiguous(patch: DiffPatch, file: string, from: number, to: number): boolean {
  for (let l = Math.min(from, to); l <= Math.max(from, to); l++) if (!lineAt(patch, file, l, 'new')) return false;
  return true;
}

/** Identifiers of an expression that name data (not callees, casts or constants). */
export function dataNames(expr: string): Set<string> {
  const out = new Set<string>();
  const text = expr.replace(/\(\s*(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:long|int|char|void|u8|u16|u32|u64|uintptr_t|phys_addr_t|size_t)\s*\**\s*\)/g, ' ');
  for (const m of text.matchAll(/(?<![\w.>])([a-z_][a-z0-9_]*)(?!\w)(\s*\()?/g)) {
    if (m[2]) continue;
    out.add(m[1]!);
  }
  return out;
}

/** Two expressions name the same data (share a variable): `(unsigned long)kbuffer` and `kbuffer`. */
export function sameData(a: string, b: string): boolean {
  const x = dataNames(a);
  for (const n of dataNames(b)) if (x.has(n)) return true;
  return false;
}

/**
 * The function is boot-time code (`__init`): a failure there cannot be
 * recovered from in any useful way and may end in a panic (mm-alloc.md,
 * "Early boot memory allocation failures"; coding-style.rst: panic() is
 * acceptable when running out of memory during boot).
 */
export function isInitFunction(patch: DiffPatch, fn: FunctionView): boolean {
  for (let l = fn.startLine; l <= fn.startLine + 1; l++) {
    const pl = lineAt(patch, fn.file, l, fn.side === 'pre' ? 'old' : 'new');
    if (pl && /\b__init\b/.test(pl.line.text)) return true;
  }
  return false;
}

/** The function reports failure to its caller somewhere in view: an errno return or an errno assignment. */
export function reportsErrors(fn: FunctionView): boolean {
  return fn.statements.some((s) => s.kind === 'return' && isErrorValue(s.target)) || fn.assignments.some((a) => isErrorValue(a.value));
}

/** A comment ends within `lines` lines above `line`: the author says why. */
export function commentAbove(fn: FunctionView, line: number, lines = 5): boolean {
  return fn.comments.some((c) => {
    const end = c.line.line + c.text.split('\n').length - 1;
    return end < line && end >= line - lines;
  });
}

/** The call whose failure the exit's innermost condition tests, when that test is unambiguous. */
export function failedCallOf(ctx: RuleContext, fn: FunctionView, exit: Statement, at: number): CallSite | undefined {
  const cond = exit.guards[0];
  if (cond === undefined) return undefined;
  const transparent = warnAssertions(ctx);
  for (let k = fn.calls.length - 1; k >= 0; k--) {
    const c = fn.calls[k]!;
    if (c.statement >= at) continue;
    const subject = resultSubject(c);
    if (!subject) continue;
    const m = meaningOf(ctx, c, fn.file);
    // The model says how this call fails (an allocation returns NULL, a change returns an errno)…
    const known = m !== undefined && (m.mayFail || m.role === 'acquire');
    if (known && testOf(cond, subject, resultKind(ctx, c, fn.file), transparent) === 'failure') return c;
    // …or the test reads as a failure whatever the call is: IS_ERR(p), ret < 0.
    if (c.assignedTo && testOf(cond, subject, 'int', transparent) === 'failure' && testOf(cond, subject, 'pointer', transparent) === 'failure') return c;
  }
  return undefined;
}


/**
 * Pieces of one function that hunks far apart show separately (the code
 * stage joins only close ones), joined in line order into one view that is
 * never complete: an error path often starts in one hunk and ends at a
 * label in another. The second piece's conditions are read from its own
 * start, so a piece that begins inside a block is read as if at top level.
 */
export function joinPieces(pieces: readonly FunctionView[]): FunctionView {
  if (pieces.length === 1) return pieces[0]!;
  const sorted = [...pieces].sort((a, b) => a.startLine - b.startLine);
  const first = sorted[0]!;
  const out: FunctionView = { ...first, complete: false, statements: [...first.statements], calls: [...first.calls], assignments: [...first.assignments], comments: [...first.comments], labels: [...first.labels] };
  for (const p of sorted.slice(1)) {
    const base = out.statements.length;
    out.statements.push(...p.statements);
    out.calls.push(...p.calls.map((c) => ({ ...c, statement: c.statement + base })));
    out.assignments.push(...p.assignments.map((a) => ({ ...a, statement: a.statement + base })));
    out.comments.push(...p.comments);
    out.labels.push(...p.labels);
    out.endLine = Math.max(out.endLine, p.endLine);
    out.hasErrors ||= p.hasErrors;
    if (out.params.length === 0) out.params = p.params;
  }
  return out;
}

/** The post-image functions of every patch, pieces of one function in one file joined (joinPieces). */
export function* wholeFunctions(ctx: RuleContext): Generator<{ patch: DiffPatch; view: FileView; fn: FunctionView }> {
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      const byName = new Map<string, FunctionView[]>();
      for (const fn of view.post) {
        // A whole definition stands alone (two definitions of one name under #if/#else are two functions).
        if (fn.complete) {
          yield { patch, view, fn };
          continue;
        }
        const list = byName.get(fn.name) ?? [];
        list.push(fn);
        byName.set(fn.name, list);
      }
      for (const pieces of byName.values()) yield { patch, view, fn: joinPieces(pieces) };
    }
  }
}

/** The variables that name the current element: what a for loop steps, what an iterator macro binds. */
export function loopVariables(loop: LoopInfo): string[] {
  if (loop.kind === 'iterator') {
    const first = /\(\s*([A-Za-z_]\w*)/.exec(loop.header)?.[1];
    return first ? [first] : [];
  }
  if (loop.kind !== 'for') return [];
  const update = loop.header.replace(/\)\s*$/, '').split(';')[2] ?? '';
  return [...update.matchAll(/([A-Za-z_]\w*)\s*(?:\+\+|--|[+-]=)|(?:\+\+|--)\s*([A-Za-z_]\w*)/g)].map((m) => (m[1] ?? m[2])!);
}

