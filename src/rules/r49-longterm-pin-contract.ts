import type { CallSite, FunctionView, Statement } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { entriesIn, lineAt, locateCode, locationOf, meaningOf, postFunctions, type PatchLine } from './lib/index.js';

/** The first line the patch adds to the statement that starts at `line` (a call's arguments often continue on the next lines). */
function addedLineOf(patch: DiffPatch, file: string, line: number): PatchLine | undefined {
  for (let i = line; i < line + 12; i++) {
    const pl = lineAt(patch, file, i);
    if (!pl) return undefined;
    if (pl.line.kind === 'add') return pl;
    if (/;\s*(?:\/[*/].*)?$/.test(pl.line.text)) return undefined;
  }
  return undefined;
}

/** The flags a call passes, with the statements that OR flags into a flags variable before it. */
function flagsOf(ctx: RuleContext, fn: FunctionView, call: CallSite, file: string): { text: string; set: Statement[] } | undefined {
  const flags = meaningOf(ctx, call, file)?.flags;
  if (flags === undefined) return undefined;
  const v = flags.trim();
  if (!/^[A-Za-z_]\w*$/.test(v)) return { text: flags, set: [] };
  const set = fn.statements.filter((s) => s.line.line <= call.line.line && new RegExp(`\\b${v}\\s*(?:\\|?=)`).test(s.text));
  return { text: [flags, ...set.map((s) => s.text)].join(' '), set };
}

const flagsText = (ctx: RuleContext, fn: FunctionView, call: CallSite, file: string): string | undefined => flagsOf(ctx, fn, call, file)?.text;

/** The call keeps what it pins past the function: its result or its pages array is stored in an object or a global. */
function outlives(call: CallSite): string | undefined {
  if (call.assignedTo && /->|\./.test(call.assignedTo)) return call.assignedTo.trim();
  return call.args.map((a) => a.trim()).find((a) => /^&?\s*\w+\s*(?:->|\.)\s*\w+/.test(a) && /pages/.test(a));
}

const isLongTerm = (ctx: RuleContext, text: string): string | undefined => entriesIn(ctx, text).find((e) => e.longTerm)?.symbol;

export const rule: Rule = {
  meta: {
    id: 'R49',
    name: 'longterm-pin-contract',
    category: 'gup-protected',
    scope: 'function',
    severity: 'error',
    concepts: ['gup'],
    summary: 'FOLL_LONGTERM passed to a plain-reference GUP call (it fails), dropped from a pin the caller keeps, or a long-term check that treats FOLL_GET as pinning.',
    fix: 'Long-term pins use pin_user_pages*() with FOLL_LONGTERM (Documentation/core-api/pin_user_pages.rst); keep FOLL_LONGTERM on pins held beyond the call; key long-term checks on FOLL_PIN.',
    refs: ['PIN-01', 'PIN-02', 'GUP-03', 'lore:1d82794a-4c12-cdc3-a868-f013bf9fe46f@redhat.com', 'lore:akVAnGuiuJttE5-6@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // The base kernel refuses FOLL_LONGTERM without FOLL_PIN since is_valid_gup_args() (6.2).
    const refusesLongTermGet = ctx.model.inKernel('is_valid_gup_args');
    for (const { patch, view, fn } of postFunctions(ctx)) {
      for (const call of fn.calls) {
        const m = meaningOf(ctx, call, view.file);
        if (m?.role !== 'pin' || !m.entry.reference || m.flags === undefined) continue;
        const flags = flagsOf(ctx, fn, call, view.file);
        const long = isLongTerm(ctx, flags?.text ?? '');
        const changed = addedLineOf(patch, view.file, call.line.line);
        // The long-term flag may come from an added `flags |= FOLL_LONGTERM;` before an unchanged call.
        const setter = flags?.set.find((st) => st.line.kind === 'add' && isLongTerm(ctx, st.text));
        if (m.entry.reference === 'get' && long && (changed || setter) && refusesLongTermGet) {
          out.push({
            location: changed ? locationOf(patch, changed, fn.name) : locateCode(patch, view.file, setter!.line, fn.name),
            message: `${call.callee}() takes plain references (FOLL_GET) but is given ${long}: is_valid_gup_args() warns and fails the call, because a long-term reference must be a pin.`,
            fix: `Use the pin_user_pages*() variant with ${long} and release with unpin_user_pages().`,
          });
          continue;
        }
        if (m.entry.reference !== 'pin' || long || !changed) continue;
        // The same call before the patch asked for a long-term pin.
        const pre = view.pre.find((p) => p.name === fn.name);
        const before = pre?.calls.find((c) => c.callee === call.callee && Math.abs(c.line.line - call.line.line) <= 20 && isLongTerm(ctx, flagsText(ctx, pre, c, view.file) ?? ''));
        const kept = outlives(call);
        if (!before || !kept) continue;
        out.push({
          severity: 'warning',
          location: locationOf(patch, changed, fn.name),
          message: `${isLongTerm(ctx, flagsText(ctx, pre!, before, view.file) ?? '')} is dropped from ${call.callee}(), but the pages stay pinned in ${kept} after ${fn.name}() returns: that is a long-term pin, and without the flag GUP no longer migrates the pages out of ZONE_MOVABLE/CMA.`,
          evidence: [locateCode(patch, view.file, before.line, fn.name)],
        });
      }
      // A long-term check that bails out when no reference is taken, keyed on FOLL_GET as well as FOLL_PIN.
      const longTermBail = fn.statements.some((s) => s.kind === 'if' && /!\s*\(/.test(s.text) && isLongTerm(ctx, s.text) !== undefined);
      if (!longTermBail) continue;
      for (const s of fn.statements) {
        if (s.kind !== 'if' || s.line.kind !== 'add' || isLongTerm(ctx, s.text)) continue;
        const mask = /!\s*\(\s*\w+\s*&\s*\(([^()]*)\)\s*\)/.exec(s.text)?.[1];
        if (!mask) continue;
        const refs = entriesIn(ctx, mask).filter((e) => e.kind === 'flag' && e.reference);
        const get = refs.find((e) => e.reference === 'get');
        const pin = refs.find((e) => e.reference === 'pin');
        if (!get || !pin) continue;
        out.push({
          severity: 'warning',
          location: locateCode(patch, view.file, s.line, fn.name),
          message: `${fn.name}() decides about long-term pins but treats ${get.symbol} as pinning: ${isLongTermIn(ctx, fn)} is only valid with ${pin.symbol} (is_valid_gup_args() refuses it with ${get.symbol}), so test ${pin.symbol} alone.`,
        });
      }
    }
    return out;
  },
};

function isLongTermIn(ctx: RuleContext, fn: FunctionView): string {
  for (const s of fn.statements) {
    const l = isLongTerm(ctx, s.text);
    if (l) return l;
  }
  return 'FOLL_LONGTERM';
}
