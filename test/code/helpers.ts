/** Test helpers: FileDiff records from unified diff text, patches, fixtures and corpus diffs. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { attachDiffs, parseDiff, type DiffPatch, type FileDiff } from '../../src/diff/index.js';
import { readMessages } from '../../src/mail/index.js';
import { SeriesAssembler } from '../../src/series/index.js';
import type { Source } from '../../src/source/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/code');
export const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');
export const RULE_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/rules');

/** fixtures/rules/**\/*.patch, sorted. */
export function ruleFixtures(): string[] {
  return readdirSync(RULE_FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => path.join(RULE_FIXTURES, f));
}

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

function fileSource(file: string): Source {
  return {
    name: file,
    kind: file.endsWith('.patch') ? 'patch-file' : 'mbox',
    async *stream() {
      yield readFileSync(file);
    },
  };
}

/** Every patch of an mbox or patch file, read by the project's mail, series and diff stages. */
export async function patchesOf(file: string): Promise<DiffPatch[]> {
  const assembler = new SeriesAssembler({ allVersions: true });
  const series = [];
  for await (const message of readMessages(fileSource(file))) series.push(...assembler.push(message));
  series.push(...assembler.finish().series);
  return series.flatMap((s) => attachDiffs(s, { hunks: true }).patches);
}
