/** The hidden mark that makes a re-run recognise its own comments (reviewdog does the same). */
export const MARK_PREFIX = '<!-- pmreview:';

export function marker(fingerprint: string): string {
  return `${MARK_PREFIX}${fingerprint} -->`;
}

/** Every fingerprint marked in a comment or review body. */
export function markedFingerprints(body: string | null | undefined): string[] {
  if (!body) return [];
  return [...body.matchAll(/<!-- pmreview:([\w.:-]+) -->/g)].map((m) => m[1]!);
}
