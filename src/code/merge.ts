import type { BuiltFunction } from './functions.js';
import { JOIN_GAP } from './image.js';
import type { FunctionView } from './types.js';

/**
 * A function split over two close hunks shows up as an open-ended function
 * in the first and a fragment (named by git's hunk header) in the second.
 * They are joined into one view; the lines between are unknown, so it is
 * never complete.
 */
export function mergeSplitFunctions(built: BuiltFunction[]): FunctionView[] {
  const out: FunctionView[] = [];
  let open: BuiltFunction | undefined;
  for (const b of built) {
    const prev = open ? out[out.length - 1] : undefined;
    if (prev && open && b.fragment && b.view.name === prev.name && b.view.startLine > prev.endLine && b.view.startLine - prev.endLine - 1 <= JOIN_GAP) {
      const base = prev.statements.length;
      prev.statements.push(...b.view.statements);
      prev.calls.push(...b.view.calls.map((c) => ({ ...c, statement: c.statement + base })));
      prev.assignments.push(...b.view.assignments.map((a) => ({ ...a, statement: a.statement + base })));
      prev.comments.push(...b.view.comments);
      prev.labels.push(...b.view.labels);
      prev.endLine = b.view.endLine;
      prev.complete = false;
      prev.hasErrors ||= b.view.hasErrors;
      if (prev.params.length === 0) prev.params = b.view.params;
      open = b.openEnd ? b : undefined;
      continue;
    }
    out.push(b.view);
    open = b.openEnd ? b : undefined;
  }
  return out;
}
