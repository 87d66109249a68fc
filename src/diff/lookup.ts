/** Small lookups the rule, model and publish stages need on a parsed file diff. */
import type { DiffLine, FileDiff, Hunk } from './types.js';

/** C sources and headers: the files the C-aware stages look into. */
export function isCFile(path: string | null | undefined): boolean {
  return typeof path === 'string' && /\.[ch]$/.test(path);
}

/** New-side line number → the `add` or `context` line that has it. */
export function newLineIndex(file: FileDiff): Map<number, DiffLine> {
  const index = new Map<number, DiffLine>();
  for (const h of file.hunks) for (const l of h.lines) if (l.newLine !== undefined) index.set(l.newLine, l);
  return index;
}

/** Old-side line number → the `del` or `context` line that has it. */
export function oldLineIndex(file: FileDiff): Map<number, DiffLine> {
  const index = new Map<number, DiffLine>();
  for (const h of file.hunks) for (const l of h.lines) if (l.oldLine !== undefined) index.set(l.oldLine, l);
  return index;
}

/** The line shown at `line` on the given side, or undefined when the diff does not show it. */
export function findLine(file: FileDiff, line: number, side: 'new' | 'old' = 'new'): DiffLine | undefined {
  for (const h of file.hunks) {
    const [start, count] = side === 'new' ? [h.newStart, h.newLines] : [h.oldStart, h.oldLines];
    if (line < start || line >= start + Math.max(count, 1)) continue;
    const found = h.lines.find((l) => (side === 'new' ? l.newLine : l.oldLine) === line);
    if (found) return found;
  }
  return undefined;
}

/** The hunk whose new-side range covers `newLine`. */
export function hunkAt(file: FileDiff, newLine: number): Hunk | undefined {
  return file.hunks.find((h) => newLine >= h.newStart && newLine < h.newStart + h.newLines);
}

/** Added lines of a file in order. */
export function addedLines(file: FileDiff): DiffLine[] {
  return file.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add'));
}
