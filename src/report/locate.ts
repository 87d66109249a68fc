import { lineAt, type DiffLine, type DiffPatch, type DiffSeries, type LineRef } from '../diff/index.js';
import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';

export interface PatchRef {
  series: DiffSeries;
  patch: DiffPatch;
}

/** The patch a finding (or touch) is in, as the review stage recorded it; none for the cover letter and series. */
export function placedPatch(review: Review, loc: Location): PatchRef | undefined {
  const series = placedSeries(review, loc);
  const patch = series && loc.patchAt !== undefined ? series.patches[loc.patchAt] : undefined;
  return series && patch ? { series, patch } : undefined;
}

/** The series a finding (or touch) belongs to, as the review stage recorded it. */
export function placedSeries(review: Review, loc: Location): DiffSeries | undefined {
  return loc.series !== undefined ? review.series[loc.series] : undefined;
}

/** The diff line a location names: new side for added/context lines, old side for deleted ones. */
export function findLine(patch: DiffPatch, loc: Location): LineRef | undefined {
  if (!loc.file || loc.line < 1) return undefined;
  return lineAt(patch, loc.file, loc.line, loc.side);
}

/** A path and line ≥ 1 every consumer that needs a file position can use. */
export interface Anchor {
  path: string;
  line: number;
  /** False when the finding is about the patch as a whole and was pinned to its first change. */
  exact: boolean;
}

/**
 * Patch-level findings (file '' and line 0, about the commit message or the
 * series) are pinned to the first changed line of their patch, because
 * SARIF and reviewdog need a file in the repository to show anything.
 */
export function anchorOf(review: Review, f: Finding | Location): Anchor {
  const loc = 'location' in f ? f.location : f;
  if (loc.file && loc.line >= 1) return { path: loc.file, line: loc.line, exact: true };
  const ref = placedPatch(review, loc);
  const patches = ref ? [ref.patch] : (placedSeries(review, loc)?.patches ?? []);
  for (const patch of patches) {
    for (const file of patch.files) {
      const first = file.hunks[0];
      if (!first) continue;
      const changed = first.lines.find((l) => l.kind !== 'context') ?? first.lines[0];
      const line = changed?.newLine ?? changed?.oldLine ?? Math.max(first.newStart, 1);
      return { path: file.path, line: Math.max(line, 1), exact: false };
    }
  }
  return { path: loc.file || 'COMMIT_MSG', line: Math.max(loc.line, 1), exact: false };
}

/** Lines around a finding's line in its hunk, for quoting. */
export function neighbours(ref: LineRef, before = 2, after = 2): DiffLine[] {
  const from = Math.max(0, ref.at - before);
  return ref.hunk.lines.slice(from, ref.at + after + 1);
}

export function diffMarker(l: DiffLine): string {
  return l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ';
}

/** `[PATCH 5/8] subject` as a header line; subjects read from mail already carry their prefix. */
export function patchHeader(subject: string, index: number, total: number): string {
  if (/^\s*\[/.test(subject)) return subject.trim();
  return index === 0 ? `[PATCH 0/${total}] ${subject}` : `[PATCH ${index}/${total}] ${subject}`;
}
