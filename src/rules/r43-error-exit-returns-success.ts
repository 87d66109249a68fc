import type { FunctionView } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { FindingDraft, Rule } from './types.js';
import { contiguous, enclosesStatement, failedCallOf, meaningOf, isErrorValue, labelIndex, lastAssignment, lineAt, locateCode, pathFrom, wholeFunctions, testOf } from './lib/index.js';

const IDENT = /^[A-Za-z_]\w*$/;

/**
 * What the returned variable holds when all went well, when the function
 * itself shows it carries a failure: an int that is assigned an errno or
 * tested for failure (`if (ret) return ret;`) succeeds with 0; a bool that
 * some path sets to false succeeds with true. A count (`return copied;`)
 * is neither.
 */
function successValue(fn: FunctionView, name: string, modelFailure: boolean): string | undefined {
  const decl = fn.statements.find((s) => s.kind === 'declaration' && new RegExp(`^(?:const\\s+)?(\\w+)\\b[^;(]*(?<![\\w.>])${name}\\s*(?:[=,;])`).test(s.text));
  const type = decl ? /^(?:const\s+)?(\w+)/.exec(decl.text)?.[1] : undefined;
  const values = fn.assignments.filter((a) => a.target === name).map((a) => a.value.trim());
  if (type === 'bool' || (values.includes('true') && values.includes('false'))) return values.includes('false') ? 'true' : undefined;
  const errno = values.some((v) => isErrorValue(v) && !/^-\d/.test(v));
  const tested = fn.statements.some((s) => (s.kind === 'return' || s.kind === 'goto') && s.guards[0] !== undefined && testOf(s.guards[0], name, 'int') === 'failure');
  // An int the function returns after a call the model says can fail: the caller reads it as 0/-errno.
  if ((type === undefined || type === 'int' || type === 'long') && (errno || tested || (type === 'int' && modelFailure))) return '0';
  return undefined;
}

/** The variable is known to hold `success` at statement `at`: assigned so, or tested for failure with an exit since its last assignment. */
function holdsSuccess(fn: FunctionView, name: string, at: number, success: string): { line: number; how: string } | undefined {
  const last = lastAssignment(fn, name, at);
  if (!last) return undefined;
  // Changed since in a nested block or a loop (`cur_pages += n` in a loop): its value here is not known.
  if (fn.assignments.some((a) => a.target === name && a.statement > last.statement && a.statement < at)) return undefined;
  if (last.value.trim() === success) return { line: last.line.line, how: `${name} = ${success}` };
  if (success !== '0') return undefined;
  // `ret = f(); if (ret) goto out;` … later exits see ret == 0.
  for (let j = last.statement + 1; j < at; j++) {
    const s = fn.statements[j]!;
    if (s.kind !== 'return' && s.kind !== 'goto') continue;
    const g = s.guards[0];
    if (g === undefined || testOf(g, name, 'int') !== 'failure') continue;
    const outer = { guards: s.guards.slice(1), loops: s.loops };
    if (enclosesStatement(outer, fn.statements[at]!)) return { line: last.line.line, how: `${name} was tested for failure at line ${s.line.line}` };
  }
  return undefined;
}

/** The lines this added exit replaces returned a failure (`return false;` became `goto out;`). */
function replacedFailureReturn(patch: DiffPatch, file: string, line: number): string | undefined {
  const pl = lineAt(patch, file, line, 'new');
  if (!pl || pl.line.kind !== 'add') return undefined;
  const lines = pl.hunk.lines;
  let k = lines.indexOf(pl.line) - 1;
  while (k >= 0 && lines[k]!.kind === 'add') k--;
  for (; k >= 0 && lines[k]!.kind === 'del'; k--) {
    const m = /^\s*return\s+(.+?)\s*;\s*$/.exec(lines[k]!.text);
    if (m && (isErrorValue(m[1]) || /^(false|NULL)$/.test(m[1]!))) return lines[k]!.text.trim();
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'R43',
    name: 'error-exit-returns-success',
    category: 'error-path',
    scope: 'function',
    severity: 'error',
    concepts: ['kernel'],
    summary: 'An exit taken because a call failed returns a variable that still holds success (0, true): the caller is told the operation worked.',
    fix: 'Set the returned variable to an error (ret = -ENOMEM; result = false;) before the goto, or return the error directly.',
    refs: ['KRN-02', 'lore:21f41af44fcc2ce52bdb40c7560fc7c9c0d56ec4.camel@intel.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      fn.statements.forEach((exit, i) => {
        if (exit.kind !== 'return' && exit.kind !== 'goto') return;
        let returned: string | undefined;
        let via = '';
        if (exit.kind === 'return') {
          returned = exit.target;
        } else if (exit.target && labelIndex(fn, exit.target) > i) {
          const path = pathFrom(fn, labelIndex(fn, exit.target));
          const last = path.length ? fn.statements[path[path.length - 1]!]! : undefined;
          if (last?.kind !== 'return') return;
          const level = fn.statements[path[0]!]!.guards.length;
          // The label path sets it itself: not this exit's business.
          if (fn.assignments.some((a) => path.includes(a.statement) && a.target === last.target && fn.statements[a.statement]!.guards.length <= level)) return;
          returned = last.target;
          via = `jumps to ${exit.target}, which returns ${returned}, `;
        }
        if (!returned || !IDENT.test(returned)) return;
        const failed = failedCallOf(ctx, fn, exit, i);
        if (!failed || failed.assignedTo === returned) return;
        // Set on the way: `ret = -ENOMEM; goto out;`.
        if (fn.assignments.some((a) => a.target === returned && a.statement > failed.statement && a.statement < i && fn.statements[a.statement]!.guards.includes(exit.guards[0]!))) return;
        const success = successValue(fn, returned, meaningOf(ctx, failed, fn.file)?.mayFail === true);
        const held = success !== undefined ? holdsSuccess(fn, returned, i, success) : undefined;
        const what = exit.kind === 'return' ? `returns ${returned}` : via.replace(/, $/, '');
        // Lines the patch does not show between the assignment and the exit may set it.
        if (held && contiguous(patch, view.file, held.line, exit.line.line)) {
          out.push({
            location: locateCode(patch, view.file, exit.line, fn.name),
            message: `${fn.name}() ${what} when ${failed.callee}() fails, but ${returned} still says success here (${held.how}): the caller is told it worked.`,
          });
          return;
        }
        const replaced = replacedFailureReturn(patch, view.file, exit.line.line);
        if (replaced && !fn.assignments.some((a) => a.target === returned && a.statement < i && enclosesStatement(fn.statements[a.statement]!, exit))) {
          out.push({
            location: locateCode(patch, view.file, exit.line, fn.name),
            severity: 'warning',
            message: `${fn.name}() ${what} when ${failed.callee}() fails, but nothing sets ${returned} to a failure on this path (the line it replaces was "${replaced}"): unless ${returned} already says failure, the caller is told it worked.`,
          });
        }
      });
    }
    return out;
  },
};
