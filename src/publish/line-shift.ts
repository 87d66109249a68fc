import type { DiffSeries } from '../diff/index.js';

/**
 * A PR shows base..head, but a finding's line is the post-image of its own
 * patch; later patches of the series that edit the same file above it move
 * it. Returns the head-side line, or undefined when a later patch deleted or
 * rewrote that line (then the finding cannot be an inline comment).
 */
export function lineAtHead(series: DiffSeries | undefined, patchIndex: number, file: string, line: number): number | undefined {
  if (!series) return line;
  let at = line;
  for (const patch of series.patches) {
    if (patch.index <= patchIndex) continue;
    for (const f of patch.files) {
      if ((f.oldPath ?? f.path) !== file) continue;
      if (f.status === 'deleted' || f.path !== file) return undefined;
      let shift = 0;
      for (const h of f.hunks) {
        const oldEnd = h.oldStart + h.oldLines;
        if (at >= oldEnd && h.oldLines > 0) {
          shift += h.newLines - h.oldLines;
          continue;
        }
        if (h.oldLines === 0) {
          if (at <= h.oldStart) break;
          shift += h.newLines;
          continue;
        }
        if (at < h.oldStart) break;
        // Inside the hunk: follow the line if it survives as context.
        const kept = h.lines.find((l) => l.kind === 'context' && l.oldLine === at);
        if (!kept || kept.newLine === undefined) return undefined;
        shift = kept.newLine - at;
        break;
      }
      at += shift;
    }
  }
  return at;
}
