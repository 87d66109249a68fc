import { hunkFunction, lineAt, locationAt, type DiffLine, type DiffPatch, type FileDiff, type Hunk } from '../diff/index.js';
import type { Location } from './types.js';

/** What kind of file a path is, for matching: C is parsed, docs and selftests count by path. */
export type PathKind = 'c' | 'doc' | 'selftest' | 'other';

export function pathKind(path: string): PathKind {
  if (/^tools\/testing\/selftests\//.test(path)) return 'selftest';
  if (/^Documentation\//.test(path)) return 'doc';
  if (/\.[ch]$/.test(path)) return 'c';
  return 'other';
}

/** A touched line of a patch (added or deleted) with its file and hunk. */
export interface TouchedLine {
  file: FileDiff;
  hunk: Hunk;
  line: DiffLine;
  side: 'new' | 'old';
  number: number;
}

export function* touchedLines(file: FileDiff): Generator<TouchedLine> {
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add' && line.newLine !== undefined) yield { file, hunk, line, side: 'new', number: line.newLine };
      else if (line.kind === 'del' && line.oldLine !== undefined) yield { file, hunk, line, side: 'old', number: line.oldLine };
    }
  }
}

export function locationIn(patch: DiffPatch, file: string, side: 'new' | 'old', number: number, text: string, fn?: string): Location {
  const found = lineAt(patch, file, number, side);
  const name = fn ?? (found && pathKind(file) === 'c' ? functionAt(found.hunk, found.line, side) : undefined);
  return locationAt(patch, { file, line: number, side, text, ...(name ? { function: name } : {}) }, found);
}

const DEFINITION = /^[A-Za-z_][^;=]*?\b([A-Za-z_]\w*)\s*\([^;]*$/;

/**
 * The C function a hunk line sits in, from the text alone: the header's
 * function, replaced by any definition that starts at column 0 before the
 * line and cleared by a closing brace at column 0.
 */
export function functionAt(hunk: Hunk, target: DiffLine, side: 'new' | 'old'): string | undefined {
  // Worked out for every line of the hunk at once: asked line by line, a hunk of n touched lines cost n².
  let names = functionsOf[side].get(hunk);
  if (!names) {
    names = { at: new Map(), last: undefined };
    let current = hunkFunction(hunk.header);
    for (const line of hunk.lines) {
      if (side === 'new' ? line.kind === 'del' : line.kind === 'add') continue;
      names.at.set(line, current);
      const m = DEFINITION.exec(line.text);
      if (m && !/^(if|for|while|switch|return|sizeof)$/.test(m[1]!) && !line.text.startsWith('#')) current = m[1];
      else if (/^}/.test(line.text)) current = undefined;
    }
    names.last = current;
    functionsOf[side].set(hunk, names);
  }
  return names.at.has(target) ? names.at.get(target) : names.last;
}

/** functionAt's answers per hunk and side: the function before each line, and after the last. */
const functionsOf = { new: new WeakMap<Hunk, FunctionNames>(), old: new WeakMap<Hunk, FunctionNames>() };

interface FunctionNames {
  at: Map<DiffLine, string | undefined>;
  last: string | undefined;
}
