/**
 * Test helpers: FileDiff records from unified diff text. Deliberately
 * small (src/diff is someone else's stage); counts in @@ headers are
 * not checked, starts are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiffLine, DiffPatch, FileDiff, Hunk } from '../../src/diff/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/code');
export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

export function parseDiffText(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let hunk: Hunk | undefined;
  let oldNo = 0;
  let newNo = 0;
  for (const [diffLine, raw] of text.split('\n').entries()) {
    const git = /^diff --git a\/(\S+) b\/(\S+)/.exec(raw);
    if (git) {
      file = { oldPath: git[1]!, newPath: git[2]!, path: git[2]!, status: 'modified', binary: false, hunks: [], added: 0, removed: 0 };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    if (raw.startsWith('--- /dev/null')) { file.oldPath = null; file.status = 'added'; continue; }
    if (raw.startsWith('+++ /dev/null')) { file.newPath = null; file.path = file.oldPath!; file.status = 'deleted'; continue; }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/.exec(raw);
    if (h) {
      hunk = { oldStart: +h[1]!, oldLines: +(h[2] ?? 1), newStart: +h[3]!, newLines: +(h[4] ?? 1), header: h[5]!.trim(), lines: [] };
      file.hunks.push(hunk);
      oldNo = hunk.oldStart;
      newNo = hunk.newStart;
      continue;
    }
    if (!hunk || raw === '-- ' || raw.startsWith('--- ') || raw.startsWith('+++ ')) { hunk = raw === '-- ' ? undefined : hunk; continue; }
    const body = raw.slice(1);
    let dl: DiffLine | undefined;
    if (raw[0] === '+') { dl = { kind: 'add', newLine: newNo++, text: body, diffLine }; file.added++; }
    else if (raw[0] === '-') { dl = { kind: 'del', oldLine: oldNo++, text: body, diffLine }; file.removed++; }
    else if (raw[0] === ' ') dl = { kind: 'context', oldLine: oldNo++, newLine: newNo++, text: body, diffLine };
    if (dl) hunk.lines.push(dl);
  }
  return files;
}

export function patchOf(files: FileDiff[], subject = 'test'): DiffPatch {
  return { subject, files, added: 0, removed: 0 } as unknown as DiffPatch;
}

export function fixtureFiles(name: string): FileDiff[] {
  return parseDiffText(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** The diff of the mail whose subject contains `subject`, cut from an mbox of the corpus. */
export function corpusDiff(mbox: string, subject: string): string {
  const text = readFileSync(path.join(CORPUS, mbox), 'utf8');
  const start = text.split('\n').findIndex((l) => l.startsWith('Subject: ') && l.includes(subject));
  if (start < 0) throw new Error(`${mbox}: no mail "${subject}"`);
  const lines = text.split('\n').slice(start);
  const from = lines.findIndex((l) => l.startsWith('diff --git '));
  const end = lines.findIndex((l, i) => i > from && (l === '-- ' || l.startsWith('From ')));
  return lines.slice(from, end < 0 ? undefined : end).join('\n');
}
