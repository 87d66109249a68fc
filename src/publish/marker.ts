/** The hidden mark that makes a re-run recognise its own comments (reviewdog does the same). */
export const MARK_PREFIX = '<!-- pmreview:';

export function marker(fingerprint: string): string {
  return `${MARK_PREFIX}${fingerprint} -->`;
}

/**
 * Every fingerprint marked in a comment or review body. A mark counts only on
 * a line of its own, where pmreview writes it: text quoted from a patch (a
 * file name, a subject) is folded into the line it is part of, so it cannot
 * forge one. Whose comment it is, is decided by its author (publish/github.ts).
 */
export function markedFingerprints(body: string | null | undefined): string[] {
  if (!body) return [];
  return [...body.matchAll(/^[ \t]*<!-- pmreview:([\w.:-]+) -->[ \t]*\r?$/gm)].map((m) => m[1]!);
}
