/**
 * Splits one patch's diff text into file sections and hunks by their line
 * positions. Hunk extents follow the `@@` counts (as `git apply` does), so a
 * body line that looks like `--- x`, `+++ y` or `diff --git` stays in its hunk
 * and the `-- ` signature after the last hunk is never content.
 */

export interface RawHunk {
  /** 0-based line of the `@@` header. */
  at: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  header: string;
  /** 0-based lines of the body, `\ No newline` markers included. */
  body: number[];
}

export interface RawSection {
  /** 0-based line where the file's headers start. */
  at: number;
  /** `diff --git` section (extended headers apply). */
  git: boolean;
  /** Header lines before the first hunk, with their positions. */
  headers: { line: number; text: string }[];
  hunks: RawHunk[];
}

export interface ScanProblem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ScanResult {
  lines: string[];
  sections: RawSection[];
  problems: ScanProblem[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
const VERSION_LINE = /^\d+(?:\.\d+)+/;
/** Header lines that may follow `Index:`/`diff` before the `---` line of non-git diffs. */
const NON_GIT_PREAMBLE = /^(=+$|RCS file: |retrieving revision |diff |index |Only in |Binary files |new file mode |deleted file mode )/;

function isSignatureAt(lines: string[], i: number): boolean {
  if (lines[i] !== '-- ') return false;
  const next = lines[i + 1];
  return next === undefined || next.trim() === '' || VERSION_LINE.test(next.trim());
}

export function scanDiff(text: string): ScanResult {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const sections: RawSection[] = [];
  const problems: ScanProblem[] = [];
  let cur: RawSection | null = null;
  let sawMinus = false;
  let inSignature = false;
  let afterHunk = -1;

  const open = (at: number, git: boolean): RawSection => {
    const s: RawSection = { at, git, headers: [], hunks: [] };
    cur = s;
    sawMinus = false;
    sections.push(s);
    return s;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      inSignature = false;
      open(i, true).headers.push({ line: i, text: line });
      continue;
    }
    if (inSignature) continue;
    if (isSignatureAt(lines, i)) {
      inSignature = true;
      continue;
    }
    if (line.startsWith('Index: ') || (line.startsWith('diff ') && !line.startsWith('diff --git'))) {
      const c = cur as RawSection | null;
      const pending = c !== null && !c.git && c.hunks.length === 0 && !sawMinus;
      (pending ? c : open(i, false)).headers.push({ line: i, text: line });
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const c = cur as RawSection | null;
      const s = c !== null && c.hunks.length === 0 && !sawMinus ? c : open(i, false);
      s.headers.push({ line: i, text: line }, { line: i + 1, text: lines[i + 1]! });
      sawMinus = true;
      i++;
      continue;
    }
    if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (!m) {
        problems.push({ line: i, severity: 'error', message: `malformed hunk header: ${line.slice(0, 80)}` });
        continue;
      }
      const before = cur as RawSection | null;
      const s = before ?? open(i, false);
      const hunk: RawHunk = {
        at: i,
        oldStart: Number(m[1]),
        oldLines: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newLines: m[4] === undefined ? 1 : Number(m[4]),
        header: m[5]!.trim(),
        body: [],
      };
      if (before === null || (!s.git && !sawMinus && s.hunks.length === 0)) {
        problems.push({ line: i, severity: 'warning', message: 'hunk without a file header' });
      }
      afterHunk = readHunkBody(lines, i + 1, hunk, problems);
      i = afterHunk - 1;
      s.hunks.push(hunk);
      continue;
    }
    const c = cur as RawSection | null;
    if (c !== null && c.hunks.length === 0) {
      if (c.git || NON_GIT_PREAMBLE.test(line)) c.headers.push({ line: i, text: line });
      continue;
    }
    if (i === afterHunk && /^[-+ ]/.test(line)) {
      problems.push({ line: i, severity: 'warning', message: 'diff line outside any hunk (hunk line counts too small?)' });
    }
  }
  return { lines, sections, problems };
}

/** Reads body lines after a `@@` line until its counts are used up; returns the next index. */
function readHunkBody(lines: string[], start: number, hunk: RawHunk, problems: ScanProblem[]): number {
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let i = start;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
    const line = lines[i]!;
    const c = line[0];
    if (c === '\\') {
      // A marker with no line before it qualifies nothing.
      if (hunk.body.length > 0) hunk.body.push(i);
      i++;
      continue;
    }
    // A version line cannot be hunk content, so `-- ` before one is the signature;
    // at the very end it is a deleted "- " line only if that completes the hunk.
    if (line === '-- ') {
      const next = lines[i + 1];
      if (next !== undefined ? /^\d/.test(next) : oldLeft > 1 || newLeft > 0) break;
    }
    // An empty line is a context line whose single space a mailer trimmed.
    if ((c === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
      oldLeft--;
      newLeft--;
    } else if (c === '-' && oldLeft > 0) {
      oldLeft--;
    } else if (c === '+' && newLeft > 0) {
      newLeft--;
    } else {
      break;
    }
    hunk.body.push(i++);
  }
  if (oldLeft > 0 || newLeft > 0) {
    problems.push({
      line: hunk.at,
      severity: 'error',
      message: `hunk ${lines[hunk.at]!.replace(/ @@.*/, ' @@')} is short by ${oldLeft} old and ${newLeft} new lines`,
    });
  }
  while (i < lines.length && lines[i]!.startsWith('\\')) {
    if (hunk.body.length > 0) hunk.body.push(i);
    i++;
  }
  return i;
}
