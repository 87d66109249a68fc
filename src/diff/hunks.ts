/**
 * Line numbers of one hunk from parse-diff, tied back to the positions the
 * scanner found. parse-diff is fed one hunk at a time: a short hunk would
 * otherwise swallow the next `@@` line as context.
 */
import parseDiffLib from 'parse-diff';
import type { DiffLine, Hunk } from './types.js';
import type { RawHunk } from './scan.js';

const NO_NEWLINE = '\\ No newline at end of file';

export function numberHunk(raw: RawHunk, lines: string[], inputLineOfFirst?: number): { hunk: Hunk; problem?: string } {
  const bodyText = raw.body.map((i) => (lines[i]!.startsWith('\\') ? NO_NEWLINE : lines[i]!));
  const header = `@@ -${raw.oldStart},${raw.oldLines} +${raw.newStart},${raw.newLines} @@`;
  let chunk: ReturnType<typeof parseDiffLib>[number]['chunks'][number] | undefined;
  try {
    chunk = parseDiffLib([header, ...bodyText].join('\n'))[0]?.chunks[0];
  } catch (e) {
    return { hunk: emptyHunk(raw), problem: `hunk at diff line ${raw.at + 1}: parse-diff failed: ${(e as Error).message}` };
  }
  const hunk = emptyHunk(raw);
  const changes = chunk?.changes ?? [];
  if (changes.length !== raw.body.length) {
    return { hunk, problem: `hunk at diff line ${raw.at + 1}: parse-diff saw ${changes.length} lines, expected ${raw.body.length}` };
  }
  changes.forEach((ch, k) => {
    const diffLine = raw.body[k]!;
    // parse-diff repeats the previous change for `\ No newline`; it is not a line.
    if (bodyText[k] === NO_NEWLINE) return;
    const text = lines[diffLine]!.slice(1);
    const line: DiffLine =
      ch.type === 'add'
        ? { kind: 'add', newLine: ch.ln, text, diffLine }
        : ch.type === 'del'
          ? { kind: 'del', oldLine: ch.ln, text, diffLine }
          : { kind: 'context', oldLine: ch.ln1, newLine: ch.ln2, text, diffLine };
    if (inputLineOfFirst !== undefined) line.inputLine = inputLineOfFirst + diffLine;
    hunk.lines.push(line);
  });
  return { hunk };
}

function emptyHunk(raw: RawHunk): Hunk {
  return { oldStart: raw.oldStart, oldLines: raw.oldLines, newStart: raw.newStart, newLines: raw.newLines, header: raw.header, lines: [] };
}
