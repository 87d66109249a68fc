/** Test helpers: FileDiff records from unified diff text, patches, fixtures and corpus diffs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDiff, type DiffPatch, type FileDiff } from '../../src/diff/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/code');
export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

/** FileDiff records of a unified diff, read by the project's own diff stage. */
export function parseDiffText(text: string): FileDiff[] {
  return parseDiff(text).files;
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
