import type { FunctionView, Statement } from '../code/index.js';
import type { Role } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { escapeRe, lineAt, locateCode, meaningOf, postFunctions } from './lib/index.js';

/** Roles of calls that set up something an exit path has to undo. */
const SETUP: ReadonlySet<Role> = new Set(['acquire', 'allocate', 'pin', 'remove', 'restore', 'protect', 'decrypt', 'encrypt', 'enter', 'user-copy']);
const ERRNO = /^\s*([A-Za-z_]\w*)\s*=\s*-E[A-Z0-9]+\s*;\s*$/;

/**
 * Whether `s` leaves nothing behind for an exit label to undo: a declaration
 * or local assignment without a resource-taking call, a condition, an early
 * return, or a message.
 */
function harmless(ctx: RuleContext, fn: FunctionView, s: Statement, file: string, locals: Set<string>): boolean {
  const calls = fn.calls.filter((c) => c.statement === fn.statements.indexOf(s));
  const meanings = calls.map((c) => ({ c, m: meaningOf(ctx, c, file) }));
  if (meanings.some(({ m }) => SETUP.has(m?.role ?? 'use'))) return false;
  if (s.kind === 'return') return true;
  // An unknown call in a condition may have taken something on success (`if (pin(x)) return -EBUSY;`).
  if (s.kind === 'if') return meanings.every(({ m }) => m !== undefined);
  // An unknown call whose result initialises the variable may have allocated it; an accessor (`&to_x(p)->field`) did not.
  if (s.kind === 'declaration') return meanings.every(({ c, m }) => m !== undefined || c.wrappedBy !== undefined || new RegExp(`&\\s*${escapeRe(c.callee)}\\s*\\(|${escapeRe(c.callee)}\\s*\\([^;]*\\)\\s*(?:->|\\.)`).test(s.text));
  if (s.kind !== 'expression') return false;
  // Calls the model knows only print; anything else may change state.
  const top = calls.filter((c) => !c.wrappedBy);
  if (top.length > 0) return top.every((c) => meaningOf(ctx, c, file)?.entry.prints === true);
  const target = /^\s*([A-Za-z_]\w*)\s*=[^=]/.exec(s.text)?.[1];
  return target !== undefined && locals.has(target);
}

export const rule: Rule = {
  meta: {
    id: 'R56',
    name: 'goto-without-cleanup',
    category: 'kernel-style',
    scope: 'function',
    severity: 'info',
    concepts: ['registry'],
    summary: 'An error path sets the return value and jumps to an exit label before the function has set up anything that label would undo: return the error directly.',
    fix: 'Replace `ret = -EINVAL; goto out;` with `return -EINVAL;` while there is nothing to clean up yet.',
    refs: ['STY-04', 'lore:ZimclfBdk1Y9iKVY@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      // What came before the goto is known only when the function's start is shown.
      const head = lineAt(patch, view.file, fn.startLine);
      if (!head || !new RegExp(`\\b${escapeRe(fn.name)}\\s*\\(`).test(head.line.text)) continue;
      const locals = new Set(fn.statements.filter((s) => s.kind === 'declaration').flatMap((s) => [...s.text.replace(/=[^,;]*/g, '').matchAll(/([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*(?=[,;])/g)].map((m) => m[1]!)));
      for (const [i, s] of fn.statements.entries()) {
        if (s.kind === 'goto') {
          const prev = fn.statements[i - 1];
          const set = prev && ERRNO.exec(prev.text);
          // `ret = -EINVAL; goto out;` under the same condition.
          if (set && prev.guards.join('\u0000') === s.guards.join('\u0000') && s.guards.length > 0 && (s.line.kind === 'add' || prev.line.kind === 'add')) {
            out.push({
              location: locateCode(patch, view.file, prev.line.kind === 'add' ? prev.line : s.line, fn.name),
              message: `${fn.name}() sets ${set[1]} and jumps to ${s.target ?? 'its exit label'} before anything there needs undoing: return ${prev.text.trim().replace(/^\w+\s*=\s*/, '').replace(/;$/, '')} directly.`,
            });
          }
          break;
        }
        // A label joins other paths and a loop is work: past them the exit may have something to undo.
        if (s.kind === 'label' || s.kind === 'loop') break;
        if (ERRNO.test(s.text)) continue;
        if (!harmless(ctx, fn, s, view.file, locals)) break;
      }
    }
    return out;
  },
};
