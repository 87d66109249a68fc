import type { CodeLine } from '../../code/index.js';
import type { DiffLine, DiffPatch, FileDiff, Hunk } from '../../diff/index.js';
import type { Location } from '../../model/index.js';

export interface PatchLine {
  file: FileDiff;
  hunk: Hunk;
  line: DiffLine;
}

/** Every line of a patch with its file and hunk, in diff order. */
export function* patchLines(patch: DiffPatch): Generator<PatchLine> {
  for (const file of patch.files) {
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) yield { file, hunk, line };
    }
  }
}

export function* addedLines(patch: DiffPatch): Generator<PatchLine> {
  for (const pl of patchLines(patch)) if (pl.line.kind === 'add') yield pl;
}

/** The diff line at a new-side (or old-side) number in one file of a patch. */
export function lineAt(patch: DiffPatch, file: string, line: number, side: 'new' | 'old' = 'new'): PatchLine | undefined {
  const fd = patch.files.find((f) => f.path === file || f.newPath === file || f.oldPath === file);
  if (!fd) return undefined;
  return linesByNumber(fd)[side].get(line);
}

// Rules ask for line after line of a function: scanning the file's hunks for each made a large patch quadratic.
const BY_NUMBER = new WeakMap<FileDiff, { new: Map<number, PatchLine>; old: Map<number, PatchLine> }>();

/** The file's lines by new-side and old-side number; the first line in diff order wins. */
function linesByNumber(fd: FileDiff): { new: Map<number, PatchLine>; old: Map<number, PatchLine> } {
  let index = BY_NUMBER.get(fd);
  if (!index) {
    index = { new: new Map(), old: new Map() };
    for (const hunk of fd.hunks) {
      for (const dl of hunk.lines) {
        if (dl.kind !== 'del' && dl.newLine !== undefined && !index.new.has(dl.newLine)) index.new.set(dl.newLine, { file: fd, hunk, line: dl });
        if (dl.kind !== 'add' && dl.oldLine !== undefined && !index.old.has(dl.oldLine)) index.old.set(dl.oldLine, { file: fd, hunk, line: dl });
      }
    }
    BY_NUMBER.set(fd, index);
  }
  return index;
}

/** The function a hunk line sits in, as git's hunk header names it. */
export function hunkFunction(hunk: Hunk): string | undefined {
  const m = /([A-Za-z_]\w*)\s*\([^()]*\)?\s*\{?\s*$/.exec(hunk.header) ?? /([A-Za-z_]\w*)\s*\(/.exec(hunk.header);
  return m?.[1];
}

export function locationOf(patch: DiffPatch, pl: PatchLine, fn?: string): Location {
  const side = pl.line.kind === 'del' ? 'old' : 'new';
  return {
    patchIndex: patch.index,
    messageId: patch.messageId,
    subject: patch.subject,
    file: pl.file.path,
    line: (side === 'old' ? pl.line.oldLine : pl.line.newLine) ?? 0,
    side,
    function: fn ?? hunkFunction(pl.hunk),
    text: pl.line.text,
    inputLine: pl.line.inputLine,
  };
}

/** Location of a line of a C view (post image → new side, pre image → old side). */
export function locateCode(patch: DiffPatch, file: string, code: CodeLine, fn?: string): Location {
  const side = code.kind === 'del' ? 'old' : 'new';
  const pl = lineAt(patch, file, code.line, side);
  if (pl) return locationOf(patch, pl, fn);
  return {
    patchIndex: patch.index,
    messageId: patch.messageId,
    subject: patch.subject,
    file,
    line: code.line,
    side,
    function: fn,
    text: code.text,
  };
}

/**
 * For points about a whole patch (commit message, trailers): no file, line 0.
 * Reports print them under the patch's subject; prefer a real line when one fits.
 */
export function patchLevelLocation(patch: DiffPatch): Location {
  return {
    patchIndex: patch.index,
    messageId: patch.messageId,
    subject: patch.subject,
    file: '',
    line: 0,
    side: 'new',
    text: patch.subject,
    inputLine: patch.line,
  };
}
