import { balancedParens as balanced, type FunctionView, type Statement } from '../code/index.js';
import type { ModelEntry } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { entriesIn, escapeRe, isErrorValue, locateCode, postFunctions } from './lib/index.js';

type Verdict = NonNullable<ModelEntry['gupVerdict']>;

/** `[!]name(args)` as a whole expression: the callee and whether it is negated (an odd number of `!`). */
function predicateCall(expr: string): { callee: string; negated: boolean } | undefined {
  let t = expr.trim();
  let negated = false;
  for (;;) {
    const strip = /^\((.*)\)$/s.exec(t);
    if (strip && balanced(strip[1]!)) {
      t = strip[1]!.trim();
      continue;
    }
    if (t.startsWith('!')) {
      negated = !negated;
      t = t.slice(1).trim();
      continue;
    }
    break;
  }
  const m = /^([A-Za-z_]\w*)\s*\((.*)\)$/s.exec(t);
  if (!m || !balanced(m[2]!)) return undefined;
  return { callee: m[1]!, negated };
}


const FLAG_NAMES = (ctx: RuleContext, text: string): ModelEntry[] => entriesIn(ctx, text).filter((e) => e.registry === 'foll');

/**
 * The condition holds for requests that lack one of the FOLL_* flags it
 * tests: `!(flags & FOLL_X)`, `(flags & (A | B)) != (A | B)`, `(flags & A) == 0`.
 */
function lacksFlags(ctx: RuleContext, cond: string): ModelEntry[] {
  const c = cond.replace(/\s+/g, ' ').trim();
  const lacks = /^!\s*\(\s*\w+\s*&/.test(c) || /&[^=!]*\)\s*!=/.test(c) || /&[^=!]*\)\s*==\s*0\s*$/.test(c);
  return lacks ? FLAG_NAMES(ctx, c) : [];
}

/** The verdict a call's true result gives: from the model, or from a series function that only returns such a call. */
function verdicts(ctx: RuleContext): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const e of entriesWithVerdict(ctx)) out.set(e.symbol, e.gupVerdict!);
  // Helpers the series defines whose every return is one verdict predicate, as is or negated.
  for (let round = 0; round < 2; round++) {
    for (const { fn } of postFunctions(ctx)) {
      if (out.has(fn.name)) continue;
      const returns = fn.statements.filter((s) => s.kind === 'return');
      if (!returns.length || fn.statements.some((s) => s.kind === 'if')) continue;
      const calls = returns.map((s) => predicateCall(s.target ?? ''));
      const first = calls[0];
      if (!first || calls.some((c) => !c || c.callee !== first.callee || c.negated !== first.negated)) continue;
      const v = out.get(first.callee);
      if (!v) continue;
      out.set(fn.name, { ...v, onTrue: first.negated ? flip(v.onTrue) : v.onTrue });
    }
  }
  return out;
}

const flip = (v: Verdict['onTrue']): Verdict['onTrue'] => (v === 'refuse' ? 'allow' : 'refuse');

function entriesWithVerdict(ctx: RuleContext): ModelEntry[] {
  return ctx.model.entries.filter((e) => e.gupVerdict !== undefined);
}

/** What `fn` returns for a request its gate does not concern (an early `return true|false` for requests lacking a FOLL_* flag). */
function earlyAllow(ctx: RuleContext, fn: FunctionView, verdict: Verdict): { value: boolean; s: Statement; flags: string[] } | undefined {
  const found: { value: boolean; s: Statement; flags: string[]; restricted: boolean }[] = [];
  for (const s of fn.statements) {
    if (s.kind !== 'return' || !/^(true|false)$/.test((s.target ?? '').trim()) || s.guards.length !== 1) continue;
    const lacking = lacksFlags(ctx, s.guards[0]!);
    // The lacking flag must be one the verdict is restricted to, or a reference flag (no pin, nothing to refuse).
    const restricted = lacking.filter((e) => verdict.when?.includes(e.symbol));
    const relevant = restricted.length ? restricted : lacking.filter((e) => e.reference !== undefined);
    if (relevant.length) found.push({ value: s.target!.trim() === 'true', s, flags: relevant.map((e) => e.symbol), restricted: restricted.length > 0 });
  }
  // Early exits that disagree say nothing about what the answer means.
  if (found.some((f) => f.value !== found[0]!.value)) return undefined;
  return found.find((f) => f.restricted) ?? found[0];
}

/** A caller that refuses the request (returns an errno) when `name()` is false (true) — the value meaning "allowed". */
function callerAllow(ctx: RuleContext, name: string): { value: boolean; where: { s: Statement; fn: FunctionView; patch: Parameters<typeof locateCode>[0]; file: string } } | undefined {
  const re = new RegExp(`(!\\s*)?\\b${escapeRe(name)}\\s*\\(`);
  for (const { patch, view, fn } of postFunctions(ctx)) {
    if (fn.name === name) continue;
    for (const s of fn.statements) {
      if (s.kind !== 'return' || !isErrorValue(s.target)) continue;
      const g = s.guards[0];
      const m = g ? re.exec(g) : null;
      if (!m) continue;
      return { value: m[1] !== undefined, where: { s, fn, patch, file: view.file } };
    }
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'R65',
    name: 'gup-gate-inverted',
    category: 'gup-protected',
    scope: 'series',
    severity: 'error',
    concepts: ['gup'],
    summary: 'A GUP gate that answers "allowed" returns, un-negated, a predicate whose true result means the request must be refused (or the reverse): the gate lets through exactly what it exists to refuse.',
    fix: 'Negate the predicate so the gate returns "allowed" only when the request is safe (6.12: writable_file_mapping_allowed() returns !vma_needs_dirty_tracking(vma)).',
    refs: ['GUP-03', 'GUP-04', 'GUP-11', 'PIN-02', 'lore:1d82794a-4c12-cdc3-a868-f013bf9fe46f@redhat.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const known = verdicts(ctx);
    if (!known.size) return out;
    for (const { patch, view, fn } of postFunctions(ctx)) {
      for (const s of fn.statements) {
        if (s.kind !== 'return' || s.line.kind !== 'add') continue;
        const call = predicateCall(s.target ?? '');
        const verdict = call && known.get(call.callee);
        if (!call || !verdict || call.callee === fn.name) continue;
        // What this return gives when the request must be refused.
        const onRefuse = verdict.onTrue === 'refuse' ? !call.negated : call.negated;
        const early = earlyAllow(ctx, fn, verdict);
        const caller = callerAllow(ctx, fn.name);
        if (early && caller && early.value !== caller.value) continue;
        const allowed = caller?.value ?? early?.value;
        if (allowed === undefined || onRefuse !== allowed) continue;
        // A verdict limited to some requests: the gate (or its caller) must be deciding about those.
        if (verdict.when && !early && !verdict.when.some((f) => new RegExp(`\\b${f}\\b`).test(fn.statements.map((x) => x.text).join(' ')))) continue;
        const evidence = [
          ...(early ? [locateCode(patch, view.file, early.s.line, fn.name)] : []),
          ...(caller ? [locateCode(caller.where.patch, caller.where.file, caller.where.s.line, caller.where.fn.name)] : []),
        ];
        const why = [
          early ? `it returns ${early.value} for requests without ${early.flags.join('/')}` : undefined,
          caller ? `${caller.where.fn.name}() refuses the request when it is ${!caller.value}` : undefined,
        ].filter(Boolean).join(', and ');
        const what = verdict.onTrue === 'refuse' ? 'must be refused' : 'may go on';
        out.push({
          // The callers say for certain what the gate's answer means; the early exits only suggest it.
          severity: caller ? 'error' : 'warning',
          location: locateCode(patch, view.file, s.line, fn.name),
          message: `${fn.name}() answers "allowed" with ${allowed} (${why}), but returns ${call.negated ? '!' : ''}${call.callee}(), which is true when the request ${what}${verdict.when ? ` (${verdict.when.join(' | ')} requests)` : ''}: the gate is inverted and allows exactly what it should refuse.`,
          fix: `Return ${call.negated ? '' : '!'}${call.callee}(…).`,
          evidence,
        });
      }
    }
    return out;
  },
};
