import type { FileView, FunctionView, Statement } from '../../code/index.js';
import type { DiffPatch } from '../../diff/index.js';
import { lineAt } from './locate.js';

/** One `case X:` arm of a switch as the patch shows it. */
export interface CaseArm {
  /** The case labels that lead to this arm (`case A: case B:` share one). */
  labels: string[];
  /** New-side line of the first label. */
  line: number;
  statements: Statement[];
}

const CASE = /^\s*case\s+([A-Za-z_]\w*)\s*:|^\s*default\s*:/;

/**
 * The case arms of the switches in a function, from the post-image lines the
 * patch shows: an arm runs from its labels to the next label. Lines the hunks
 * do not show end an arm (what follows is unknown).
 */
export function caseArms(patch: DiffPatch, view: FileView, fn: FunctionView): CaseArm[] {
  const arms: CaseArm[] = [];
  let current: CaseArm | undefined;
  let lastLabel = -2;
  for (let n = fn.startLine; n <= fn.endLine; n++) {
    const pl = lineAt(patch, view.file, n);
    if (!pl) {
      current = undefined;
      continue;
    }
    const m = CASE.exec(pl.line.text);
    if (m) {
      if (current && lastLabel === n - 1 && current.statements.length === 0) {
        if (m[1]) current.labels.push(m[1]);
      } else {
        current = m[1] ? { labels: [m[1]], line: n, statements: [] } : undefined;
        if (current) arms.push(current);
      }
      lastLabel = n;
      continue;
    }
    if (!current) continue;
    const here = fn.statements.filter((s) => s.line.line === n);
    current.statements.push(...here);
  }
  return arms;
}
