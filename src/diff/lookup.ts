/** Lookups the later stages need on a parsed file diff. */
import type { DiffLine, FileDiff, Hunk } from './types.js';

/** C sources and headers: the files the C-aware stages look into. */
export function isCFile(path: string | null | undefined): boolean {
  return typeof path === 'string' && /\.[ch]$/.test(path);
}

/** A line of a patch's diff with the file and hunk it is in. */
export interface LineRef {
  file: FileDiff;
  hunk: Hunk;
  /** Index of the line in hunk.lines. */
  at: number;
  line: DiffLine;
}

/**
 * The diff line at number `n` on one side of the file named `path` (its new,
 * old or current name): an added or context line on the new side, a deleted
 * or context line on the old side. Undefined when the diff does not show it.
 */
export function lineAt(patch: { files: readonly FileDiff[] }, path: string, n: number, side: 'new' | 'old' = 'new'): LineRef | undefined {
  for (const file of patch.files) {
    if (file.path !== path && file.newPath !== path && file.oldPath !== path) continue;
    const found = linesOf(file)[side].get(n);
    if (found) return found;
  }
  return undefined;
}

/** Each file's lines by number per side, the first one shown winning; rules and the model ask line by line. */
const byNumber = new WeakMap<FileDiff, Record<'new' | 'old', Map<number, LineRef>>>();

function linesOf(file: FileDiff): Record<'new' | 'old', Map<number, LineRef>> {
  let index = byNumber.get(file);
  if (!index) {
    index = { new: new Map(), old: new Map() };
    for (const hunk of file.hunks) {
      hunk.lines.forEach((line, at) => {
        if (line.kind !== 'del' && line.newLine !== undefined && !index!.new.has(line.newLine)) index!.new.set(line.newLine, { file, hunk, at, line });
        if (line.kind !== 'add' && line.oldLine !== undefined && !index!.old.has(line.oldLine)) index!.old.set(line.oldLine, { file, hunk, at, line });
      });
    }
    byNumber.set(file, index);
  }
  return index;
}

/**
 * The function git named in a hunk header (`static int foo(struct bar *b,`):
 * the first name called there, unless it is a C keyword (`if (`, `sizeof(`).
 */
export function hunkFunction(header: string): string | undefined {
  const call = headerCall(header);
  if (!call || /^(if|for|while|switch|return|sizeof)$/.test(call.name)) return undefined;
  return call.name;
}

/** The first name called in a hunk header and the index of its `(`: the C view reads the parameters from there. */
export function headerCall(header: string): { name: string; open: number } | undefined {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(header);
  return m ? { name: m[1]!, open: m.index + m[0].length - 1 } : undefined;
}
