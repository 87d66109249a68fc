import type { CodeLine } from '../../code/index.js';
import { hunkFunction, type DiffLine, type DiffPatch, type FileDiff, type Hunk } from '../../diff/index.js';
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
  for (const hunk of fd.hunks) {
    for (const dl of hunk.lines) {
      if (side === 'new' ? dl.newLine === line && dl.kind !== 'del' : dl.oldLine === line && dl.kind !== 'add') {
        return { file: fd, hunk, line: dl };
      }
    }
  }
  return undefined;
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
    function: fn ?? hunkFunction(pl.hunk.header),
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
