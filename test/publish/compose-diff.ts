import parseDiff from 'parse-diff';

/**
 * The base..head diff GitHub shows for a pull request, composed from the
 * patches of a mailed series (the kernel tree they apply to is not here).
 * Exact when the patches' hunks on a file do not overlap; a file whose hunks
 * overlap is listed without hunks, as GitHub lists files whose diff is too
 * large to show (no `patch` field), rather than guessed.
 */
interface H {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

function messagesOf(mbox: string): string[] {
  return mbox.split(/^From [^\n]*\d{4}\n/m).filter((m) => /^diff --git /m.test(m));
}

export function composePullDiff(mbox: string): string {
  const files = new Map<string, { hunks: H[]; created: boolean; overlap: boolean }>();
  for (const mail of messagesOf(mbox)) {
    const diff = mail.slice(mail.search(/^diff --git /m)).replace(/^-- \n[\s\S]*$/m, '');
    for (const f of parseDiff(diff)) {
      const name = f.to === '/dev/null' ? f.from! : f.to!;
      const entry = files.get(name) ?? { hunks: [], created: Boolean(f.new), overlap: false };
      const next: H[] = f.chunks.map((c) => ({
        oldStart: c.oldStart,
        oldLines: c.oldLines,
        newStart: c.newStart,
        newLines: c.newLines,
        lines: c.changes.map((ch) => ch.content),
      }));
      const delta = (h: H) => h.newLines - h.oldLines;
      for (const q of next) {
        for (const h of entry.hunks) {
          const hEnd = h.newStart + h.newLines;
          const qEnd = q.oldStart + Math.max(q.oldLines, 1);
          if (q.oldStart < hEnd && h.newStart < qEnd) entry.overlap = true;
        }
      }
      // Earlier hunks move by the later patch's hunks above them; the later hunks' old side goes back to base lines.
      const moved = entry.hunks.map((h) => ({ ...h, newStart: h.newStart + next.filter((q) => q.oldStart + q.oldLines <= h.newStart && q.oldStart < h.newStart).reduce((s, q) => s + delta(q), 0) }));
      const back = next.map((q) => ({ ...q, oldStart: q.oldStart - entry.hunks.filter((h) => h.newStart + h.newLines <= q.oldStart).reduce((s, h) => s + delta(h), 0) }));
      entry.hunks = [...moved, ...back].sort((a, b) => a.oldStart - b.oldStart);
      files.set(name, entry);
    }
  }
  return [...files.entries()]
    .map(([name, { hunks, created, overlap }]) =>
      [
        `diff --git a/${name} b/${name}`,
        created ? '--- /dev/null' : `--- a/${name}`,
        `+++ b/${name}`,
        ...(overlap ? [] : hunks).flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]),
      ].join('\n'),
    )
    .join('\n') + '\n';
}
