/**
 * Right-side lines of a GitHub file `patch` (the hunks of pulls.listFiles):
 * only these may carry an inline review comment with `side: 'RIGHT'`;
 * any other line makes GitHub reject the whole review with 422.
 */
export function rightSideLines(patch: string | undefined): Map<number, string> {
  const lines = new Map<number, string>();
  if (!patch) return lines;
  let next = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const raw of patch.split('\n')) {
    const header = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(raw);
    if (header) {
      oldLeft = header[1] === undefined ? 1 : Number(header[1]);
      next = Number(header[2]);
      newLeft = header[3] === undefined ? 1 : Number(header[3]);
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) continue;
    const marker = raw[0];
    if (marker === '+' || marker === ' ' || (raw === '' && newLeft > 0 && oldLeft > 0)) {
      lines.set(next, raw.slice(1));
      next++;
      newLeft--;
      if (marker !== '+') oldLeft--;
    } else if (marker === '-') {
      oldLeft--;
    }
  }
  return lines;
}
