import type { CodeLine } from '../../code/index.js';
import { hunkFunction, lineAt, locationAt, type DiffLine, type DiffPatch, type FileDiff, type Hunk } from '../../diff/index.js';
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
export { lineAt };

export function locationOf(patch: DiffPatch, pl: PatchLine, fn?: string): Location {
  const side = pl.line.kind === 'del' ? 'old' : 'new';
  const line = (side === 'old' ? pl.line.oldLine : pl.line.newLine) ?? 0;
  return locationAt(patch, { file: pl.file.path, side, line, text: pl.line.text, function: fn ?? hunkFunction(pl.hunk.header) }, pl);
}

/** Location of a line of a C view (post image → new side, pre image → old side). */
export function locateCode(patch: DiffPatch, file: string, code: CodeLine, fn?: string): Location {
  const side = code.kind === 'del' ? 'old' : 'new';
  const pl = lineAt(patch, file, code.line, side);
  if (pl) return locationOf(patch, pl, fn);
  return locationAt(patch, { file, line: code.line, side, function: fn, text: code.text });
}

/**
 * For points about a whole patch (commit message, trailers): no file, line 0.
 * Reports print them under the patch's subject; prefer a real line when one fits.
 */
export function patchLevelLocation(patch: DiffPatch): Location {
  return locationAt(patch, { file: '', line: 0, side: 'new', text: patch.subject, inputLine: patch.line });
}
