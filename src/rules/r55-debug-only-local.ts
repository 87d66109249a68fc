import type { FunctionView, Statement } from '../code/index.js';
import type { FindingDraft, Rule } from './types.js';
import { locateCode, meaningOf, postFunctions } from './lib/index.js';

/** `unsigned int min_order = …;`: the name a one-variable declaration introduces. */
const DECLARED = /^[^=;,(]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*(?:=[^;]*)?;\s*$/;

export const rule: Rule = {
  meta: {
    id: 'R55',
    name: 'debug-only-local',
    category: 'kernel-style',
    scope: 'function',
    severity: 'info',
    concepts: ['folio'],
    summary: 'A new local variable whose only use is once inside a debug-only assertion (VM_BUG_ON*(), VM_WARN_ON*()): dead code in production kernels that clutters the function.',
    fix: 'Put the expression inside the assertion and drop the variable: `VM_BUG_ON_FOLIO(folio_order(folio) < mapping_min_folio_order(mapping), folio);`.',
    refs: ['STY-05', 'KRN-01', 'lore:ZcvnlfyaBRhWaIzD@dread.disaster.area'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // A function the hunks show in several pieces is one function.
    const pieces = new Map<string, { patchIndex: number; fns: FunctionView[] }>();
    const all = [...postFunctions(ctx)];
    for (const { patch, view, fn } of all) {
      const key = `${patch.index}\u0000${view.file}\u0000${fn.name}`;
      const entry = pieces.get(key) ?? { patchIndex: patch.index, fns: [] };
      entry.fns.push(fn);
      pieces.set(key, entry);
    }
    const reported = new Set<string>();
    // Words counted once per function: most declarations are used more than once, and scanning every statement per declaration is quadratic.
    const counts = new Map<string, Map<string, number>>();
    for (const { patch, view, fn } of all) {
      const key = `${patch.index}\u0000${view.file}\u0000${fn.name}`;
      const whole = pieces.get(key)!.fns;
      let words = counts.get(key);
      if (!words) counts.set(key, (words = wordCounts(whole.flatMap((f) => f.statements.map((s) => s.text)))));
      for (const decl of fn.statements) {
        if (decl.kind !== 'declaration' || decl.line.kind !== 'add' || /,/.test(decl.text.replace(/\([^)]*\)/g, ''))) continue;
        const name = DECLARED.exec(decl.text.trim())?.[1];
        if (!name || reported.has(`${key}\u0000${name}`)) continue;
        const elsewhere = (words.get(name) ?? 0) - (wordCounts([decl.text]).get(name) ?? 0);
        if (elsewhere !== 1) continue;
        const word = new RegExp(`\\b${name}\\b`);
        // A variable the function had before can be used on lines the patch does not show.
        if (view.pre.some((p) => p.name === fn.name && p.statements.some((s) => s.kind === 'declaration' && word.test(s.text)))) continue;
        const uses = whole.flatMap((f) => f.statements.map((s) => ({ f, s }))).filter(({ s }) => s !== decl && word.test(s.text));
        // Used once: a variable that saves repeating an expression inside the assertion has a reason to exist.
        const occurrences = uses.reduce((n, { s }) => n + (s.text.match(new RegExp(word.source, 'g'))?.length ?? 0), 0);
        if (uses.length === 0 || occurrences > 1) continue;
        const debug = (f: FunctionView, s: Statement): string | undefined => {
          const call = f.calls.find((c) => c.statement === f.statements.indexOf(s) && !c.wrappedBy && c.args.some((a) => word.test(a)));
          const assert = call ? meaningOf(ctx, call, view.file)?.entry.assert : undefined;
          return assert === 'debug-crash' || assert === 'debug-warn' ? call!.callee : undefined;
        };
        const macros = uses.map(({ f, s }) => debug(f, s));
        if (macros.some((m) => m === undefined)) continue;
        reported.add(`${key}\u0000${name}`);
        out.push({
          location: locateCode(patch, view.file, decl.line, fn.name),
          message: `${name} is used only inside ${[...new Set(macros)].map((m) => `${m}()`).join(', ')}, which compiles to nothing without CONFIG_DEBUG_VM: put the expression in the assertion instead of a variable.`,
          evidence: uses.map(({ s }) => locateCode(patch, view.file, s.line, fn.name)),
        });
      }
    }
    return out;
  },
};

/** How often each maximal word-character run occurs in `texts`: a `\bname\b` match is exactly one such run equal to name. */
function wordCounts(texts: string[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const t of texts) for (const w of t.match(/\w+/g) ?? []) n.set(w, (n.get(w) ?? 0) + 1);
  return n;
}
