import type { DiffLine, FileDiff, Hunk } from '../diff/index.js';
import type { CodeLine } from './types.js';

export type Side = 'post' | 'pre';

/** One row of text handed to tree-sitter; `code` is absent for rows pmreview made up (wrappers, gaps). */
export interface Row {
  text: string;
  code?: CodeLine;
}

/** Consecutive hunks of one side rebuilt as one text. */
export interface Segment {
  rows: Row[];
  /** git's function context of the first hunk. */
  header: string;
  /** Unknown lines between joined hunks were replaced by blank rows. */
  gapped: boolean;
}

/** Hunks further apart than this are never joined: the gap would be mostly guesswork. */
const JOIN_GAP = 40;

export function sideLines(hunk: Hunk, side: Side): DiffLine[] {
  return hunk.lines.filter((l) => (side === 'post' ? l.kind !== 'del' && l.newLine !== undefined : l.kind !== 'add' && l.oldLine !== undefined));
}

export function lineNo(l: DiffLine, side: Side): number {
  return (side === 'post' ? l.newLine : l.oldLine) ?? 0;
}

export function codeLine(l: DiffLine, side: Side): CodeLine {
  return { line: lineNo(l, side), kind: l.kind, text: l.text };
}

/** git's default funcname rule: a line starting with a letter, `_` or `$`. */
function isFuncname(text: string): boolean {
  return /^[A-Za-z_$]/.test(text);
}

/**
 * The next hunk continues the same function when git found no new
 * function-context line between them: its header is the last funcname
 * line of the segment so far (or the segment's own header).
 */
function continues(prev: Segment, prevLast: number, next: DiffLine[], nextHeader: string, side: Side): boolean {
  const first = next[0];
  if (!first) return false;
  const gap = lineNo(first, side) - prevLast - 1;
  if (gap < 0 || gap > JOIN_GAP) return false;
  let context = prev.header;
  for (const r of prev.rows) if (r.code && isFuncname(r.text)) context = r.text;
  return nextHeader === '' || context.trim().startsWith(nextHeader.trim()) || nextHeader.trim().startsWith(context.trim());
}

/** Post (context + added) or pre (context + deleted) image of the given hunks, joined where they are close. */
export function buildSegments(file: FileDiff, hunks: Hunk[], side: Side): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let last = 0;
  for (const hunk of hunks) {
    const lines = sideLines(hunk, side);
    if (lines.length === 0) continue;
    if (current && continues(current, last, lines, hunk.header, side)) {
      const gap = lineNo(lines[0]!, side) - last - 1;
      for (let i = 0; i < gap; i++) current.rows.push({ text: '' });
      if (gap > 0) current.gapped = true;
    } else {
      current = { rows: [], header: hunk.header, gapped: false };
      segments.push(current);
    }
    for (const l of lines) current.rows.push({ text: l.text, code: codeLine(l, side) });
    last = lineNo(lines[lines.length - 1]!, side);
  }
  void file;
  return segments;
}
