/** Lookups the later stages need on a parsed file diff. */
import type { DiffLine, FileDiff } from './types.js';

/** C sources and headers: the files the C-aware stages look into. */
export function isCFile(path: string | null | undefined): boolean {
  return typeof path === 'string' && /\.[ch]$/.test(path);
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

/**
 * The function git named in a hunk header (`static int foo(struct bar *b,`):
 * the first name called there, unless it is a C keyword (`if (`, `sizeof(`).
 */
export function hunkFunction(header: string): string | undefined {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(header);
  if (!m || /^(if|for|while|switch|return|sizeof)$/.test(m[1]!)) return undefined;
  return m[1];
}
