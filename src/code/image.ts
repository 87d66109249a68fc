import type { DiffLine, Hunk } from '../diff/index.js';
import type { CodeLine } from './types.js';

export type Side = 'post' | 'pre';

/** One row of text handed to tree-sitter; `code` is absent for rows pmreview made up (wrappers, gaps). */
export interface Row {
  text: string;
  code?: CodeLine;
}

/** One hunk of one side rebuilt as text. */
export interface Segment {
  rows: Row[];
  /** git's function context of the hunk. */
  header: string;
}

/** Hunks further apart than this are never joined: the gap would be mostly guesswork. */
export const JOIN_GAP = 40;

export function sideLines(hunk: Hunk, side: Side): DiffLine[] {
  return hunk.lines.filter((l) => (side === 'post' ? l.kind !== 'del' && l.newLine !== undefined : l.kind !== 'add' && l.oldLine !== undefined));
}

export function lineNo(l: DiffLine, side: Side): number {
  return (side === 'post' ? l.newLine : l.oldLine) ?? 0;
}

export function codeLine(l: DiffLine, side: Side): CodeLine {
  return { line: lineNo(l, side), kind: l.kind, text: l.text, diffLine: l.diffLine, ...(l.inputLine !== undefined ? { inputLine: l.inputLine } : {}) };
}

/**
 * Post (context + added) or pre (context + deleted) image of each hunk.
 * Each hunk is parsed on its own: joining texts over unknown gap lines
 * would pair braces wrongly; functions split over close hunks are merged
 * after parsing instead (see mergeSplitFunctions).
 */
export function buildSegments(hunks: Hunk[], side: Side): Segment[] {
  const segments: Segment[] = [];
  for (const hunk of hunks) {
    const lines = sideLines(hunk, side);
    if (lines.length === 0) continue;
    segments.push({ header: hunk.header, rows: lines.map((l) => ({ text: l.text, code: codeLine(l, side) })) });
  }
  return segments;
}
