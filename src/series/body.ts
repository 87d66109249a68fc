import type { Trailer } from './types.js';
import { parseTrailerLine } from './trailers.js';

export interface PatchBodyParts {
  /** Commit message without the trailer block, trailing blank lines trimmed. */
  commitMessage: string;
  trailers: Trailer[];
  /** Text between `---` and the diff that is not diffstat (notes, changelog). */
  notes: string;
  /** Diffstat lines (` path | 3 ++-` and the `N files changed` summary). */
  diffstat: string;
  /** From the first diff line to the last line that belongs to the diff. */
  diffText: string;
  /** 0-based body line where diffText starts; -1 when there is no diff. */
  diffBodyLine: number;
  /** Text after the `-- ` signature line ('' when none). */
  signature: string;
}

const DIFFSTAT_LINE = /^\s*\S.*\s\|\s+(\d+\s*[+-]*|Bin\b.*)\s*$/;
const DIFFSTAT_SUMMARY = /^\s*\d+ files? changed/;
const GENERIC_TRAILER = /^[A-Za-z][A-Za-z0-9-]*:\s*\S/;
const DIFF_HEADER = /^(diff --git |diff -|index [0-9a-f]|--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename (from|to) |copy (from|to) |Binary files |GIT binary patch|Index: |={20,}|RCS file:|retrieving revision)/;

/** Where a diff starts: `diff --git`, `Index:` or a `--- a/` line followed by `+++ `. */
export function findDiffStart(lines: string[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('diff --git ')) return i;
    if (l.startsWith('Index: ') && /^(={20,}|diff |--- )/.test(lines[i + 1] ?? '')) return i;
    if (/^--- \S/.test(l) && (lines[i + 1] ?? '').startsWith('+++ ') && /^@@/.test(lines[i + 2] ?? '')) return i;
  }
  return -1;
}

/**
 * Walks the diff with hunk line counts so a removed `- ` line is not taken for
 * the `-- ` signature; returns the index after the last diff line.
 */
function findDiffEnd(lines: string[], start: number): number {
  let oldLeft = 0;
  let newLeft = 0;
  let binary = false;
  let end = start;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    if (oldLeft > 0 || newLeft > 0) {
      const c = l[0];
      if (c === '\\') { end = i + 1; continue; }
      // Mail clients drop the space of empty context lines.
      if (c === ' ' || l === '') { oldLeft--; newLeft--; } else if (c === '-') oldLeft--;
      else if (c === '+') newLeft--;
      else { oldLeft = newLeft = 0; i--; continue; }
      end = i + 1;
      continue;
    }
    const hunk = /^@@@? -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(l);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      binary = false;
      end = i + 1;
      continue;
    }
    if (l.startsWith('\\ ')) { end = i + 1; continue; }
    if (l === '-- ' || l === '--') break;
    if (DIFF_HEADER.test(l)) {
      binary = l.startsWith('GIT binary patch') || (binary && /^(literal|delta) /.test(l));
      end = i + 1;
      continue;
    }
    if (binary && (/^(literal|delta) \d+/.test(l) || /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]+$/.test(l) || l === '')) {
      end = i + 1;
      continue;
    }
    // Lines past a hunk's announced counts (hand-edited patches) still read as diff; src/diff reports them.
    if (/^[ +-]/.test(l) && end === i) {
      end = i + 1;
      continue;
    }
    if (l === '') continue;
    break;
  }
  return end;
}

/** The trailer block at the end of a commit message: index of its first line. */
function trailerBlockStart(lines: string[], end: number): number {
  let start = end;
  let sawTrailer = false;
  for (let i = end - 1; i >= 0; i--) {
    const l = lines[i];
    if (GENERIC_TRAILER.test(l)) { sawTrailer = true; start = i; continue; }
    // b4 keeps `[ maintainer: note ]` lines and wrapped values inside the block.
    if (/^\s*\[.*\]\s*$/.test(l) || (/^\s+\S/.test(l) && sawTrailer)) { start = i; continue; }
    break;
  }
  return sawTrailer ? start : end;
}

/** Cuts a patch mail body into message, trailers, notes, diffstat, diff and signature. */
export function splitPatchBody(body: string): PatchBodyParts {
  const lines = body.includes('\r') ? body.split('\n').map((l) => l.replace(/\r$/, '')) : body.split('\n');
  const diffStart = findDiffStart(lines);
  const headEnd = diffStart < 0 ? lines.length : diffStart;
  let sep = lines.slice(0, headEnd).findIndex((l) => l === '---');
  let signatureAt: number;
  let diffText = '';
  if (diffStart >= 0) {
    const diffEnd = findDiffEnd(lines, diffStart);
    diffText = lines.slice(diffStart, diffEnd).join('\n');
    signatureAt = lines.slice(diffEnd).findIndex((l) => l === '-- ');
    if (signatureAt >= 0) signatureAt += diffEnd;
  } else {
    signatureAt = lines.findIndex((l) => l === '-- ');
  }
  const commitEnd = sep >= 0 ? sep : signatureAt >= 0 && signatureAt < headEnd ? signatureAt : headEnd;
  if (sep < 0) sep = commitEnd;
  let msgEnd = commitEnd;
  while (msgEnd > 0 && lines[msgEnd - 1].trim() === '') msgEnd--;
  const tStart = trailerBlockStart(lines, msgEnd);
  const trailers: Trailer[] = [];
  for (let i = tStart; i < msgEnd; i++) {
    const t = parseTrailerLine(lines[i], i);
    if (t) trailers.push(t);
  }
  let commitMsgEnd = tStart;
  while (commitMsgEnd > 0 && lines[commitMsgEnd - 1].trim() === '') commitMsgEnd--;
  const notes: string[] = [];
  const stat: string[] = [];
  const afterSepEnd = signatureAt >= 0 && signatureAt < headEnd ? signatureAt : headEnd;
  for (let i = sep + 1; i < afterSepEnd; i++) {
    const l = lines[i];
    if (DIFFSTAT_LINE.test(l) || DIFFSTAT_SUMMARY.test(l) || /^\s*(create|delete|rename|mode change) mode /.test(l)) stat.push(l);
    else notes.push(l);
  }
  return {
    commitMessage: lines.slice(0, commitMsgEnd).join('\n'),
    trailers,
    notes: notes.join('\n').trim(),
    diffstat: stat.join('\n'),
    diffText,
    diffBodyLine: diffStart,
    signature: signatureAt >= 0 ? lines.slice(signatureAt + 1).join('\n').trim() : '',
  };
}
