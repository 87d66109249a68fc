import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { DiffLine, DiffPatch, DiffSeries, FileDiff, Hunk } from '../../src/diff/index.js';
import type { Person } from '../../src/common/index.js';

/**
 * Reads `git format-patch` output into the records src/tree consumes. Only
 * here because the mail/series/diff stages are written in parallel; it
 * handles exactly what format-patch emits, nothing more.
 */
export function readFormatPatchDir(dir: string): DiffSeries {
  const files = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort();
  const cover = files.find((f) => f.startsWith('0000-'));
  const coverText = cover ? readFileSync(path.join(dir, cover), 'utf8') : '';
  const patches = files.filter((f) => f !== cover).map((f, i) => readFormatPatch(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f), i + 1));
  const first = patches[0]!;
  return {
    id: `${first.subject} v1`,
    title: first.subject,
    version: 1,
    rfc: false,
    cover: null,
    patches,
    total: patches.length,
    missing: [],
    baseCommit: /^base-commit: ([0-9a-f]+)$/m.exec(coverText)?.[1],
    prerequisitePatchIds: [],
    author: first.author,
    diagnostics: [],
  };
}

function person(text: string): Person {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(text.trim());
  return m ? { name: m[1]!.replace(/^"|"$/g, ''), address: m[2]! } : { name: '', address: text.trim() };
}

export function readFormatPatch(text: string, input: string, ordinal: number): DiffPatch {
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  const header = (name: string): string | undefined => lines.slice(0, blank).find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  const rawSubject = header('Subject') ?? '';
  const counter = /\[PATCH(?: (\d+)\/(\d+))?\]\s*(.*)$/.exec(rawSubject);
  const index = Number(counter?.[1] ?? 1);
  const total = Number(counter?.[2] ?? 1);
  const title = counter?.[3] ?? rawSubject;
  const body = lines.slice(blank + 1);
  const sep = body.indexOf('---');
  const message = body.slice(0, sep);
  const trailerStart = message.findIndex((l) => /^[A-Za-z-]+: \S/.test(l));
  const trailers = (trailerStart < 0 ? [] : message.slice(trailerStart)).map((l, i) => {
    const [name, ...rest] = l.split(': ');
    const value = rest.join(': ');
    return { name: name!, value, person: person(value), bodyLine: trailerStart + i };
  });
  const diffBodyLine = body.findIndex((l) => l.startsWith('diff --git '));
  const end = body.lastIndexOf('-- ');
  const diffLines = body.slice(diffBodyLine, end < 0 ? undefined : end);
  const diffText = diffLines.join('\n').replace(/\n*$/, '\n');
  const files = parseDiff(diffLines, blank + 2 + diffBodyLine);
  return {
    index,
    total,
    subject: title,
    subjectInfo: { raw: rawSubject, isReply: false, rfc: false, resend: false, version: 1, versionInferred: true, index, total, counterInferred: !counter?.[1], extraPrefixes: [], title },
    author: person(header('From') ?? ''),
    date: header('Date'),
    commitMessage: (trailerStart < 0 ? message : message.slice(0, trailerStart)).join('\n').trim(),
    trailers,
    diffText,
    diffBodyLine,
    input,
    line: 1,
    ordinal,
    bodyLine: blank + 2,
    to: [],
    cc: [],
    replies: [],
    diagnostics: [],
    files,
    added: files.reduce((n, f) => n + f.added, 0),
    removed: files.reduce((n, f) => n + f.removed, 0),
  };
}

function parseDiff(lines: string[], firstInputLine: number): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let hunk: Hunk | undefined;
  let oldNo = 0;
  let newNo = 0;
  lines.forEach((l, diffLine) => {
    const git = /^diff --git a\/(\S+) b\/(\S+)$/.exec(l);
    if (git) {
      file = { oldPath: git[1]!, newPath: git[2]!, path: git[2]!, status: 'modified', binary: false, hunks: [], added: 0, removed: 0 };
      files.push(file);
      hunk = undefined;
      return;
    }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(l);
    if (h && file) {
      hunk = { oldStart: Number(h[1]), oldLines: Number(h[2] ?? 1), newStart: Number(h[3]), newLines: Number(h[4] ?? 1), header: h[5]!.trim(), lines: [] };
      file.hunks.push(hunk);
      oldNo = hunk.oldStart;
      newNo = hunk.newStart;
      return;
    }
    if (!hunk || !file) return;
    const inputLine = firstInputLine + diffLine;
    let dl: DiffLine | undefined;
    if (l.startsWith('+')) { dl = { kind: 'add', newLine: newNo++, text: l.slice(1), diffLine, inputLine }; file.added++; }
    else if (l.startsWith('-')) { dl = { kind: 'del', oldLine: oldNo++, text: l.slice(1), diffLine, inputLine }; file.removed++; }
    else if (l.startsWith(' ')) dl = { kind: 'context', oldLine: oldNo++, newLine: newNo++, text: l.slice(1), diffLine, inputLine };
    if (dl) hunk.lines.push(dl);
  });
  return files;
}
