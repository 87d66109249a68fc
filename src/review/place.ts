import type { DiffSeries, Location } from '../diff/index.js';
import type { Touch } from '../model/index.js';
import type { Finding } from '../rules/index.js';

/**
 * Findings and touches of a reported series, told which input, series and
 * patch they belong to, so reports and publishers read it instead of
 * searching the review. `at` is the series' index in the review's `series`.
 */
export function placeFindings(findings: readonly Finding[], series: DiffSeries, at: number): Finding[] {
  return findings.map((f) => ({ ...f, location: place(f.location, series, at), evidence: f.evidence.map((e) => place(e, series, at)) }));
}

export function placeTouches(touches: readonly Touch[], series: DiffSeries, at: number): Touch[] {
  return touches.map((t) => ({ ...t, location: place(t.location, series, at) }));
}

/** Findings of a review that is not reported (the older side of `--compare`): no series of the report holds them. */
export function unplaced(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, location: strip(f.location), evidence: f.evidence.map(strip) }));
}

function place(loc: Location, series: DiffSeries, at: number): Location {
  const bare = strip(loc);
  const i = patchAt(series, bare);
  const patch = i === undefined ? undefined : series.patches[i];
  return { ...bare, ...(patch ? { input: patch.input, patchAt: i } : {}), series: at };
}

function strip({ input: _input, series: _series, patchAt: _patchAt, ...loc }: Location): Location {
  return loc;
}

/**
 * The patch of its series a location names. Message-IDs decide when present;
 * a series read from format-patch files has none, so the subject and index
 * decide then, and the index alone last.
 */
function patchAt(series: DiffSeries, loc: Location): number | undefined {
  let i = loc.messageId ? series.patches.findIndex((p) => p.messageId === loc.messageId) : -1;
  if (i < 0) i = series.patches.findIndex((p) => p.index === loc.patchIndex && p.subject === loc.subject);
  if (i < 0) i = series.patches.findIndex((p) => p.index === loc.patchIndex);
  return i < 0 ? undefined : i;
}
