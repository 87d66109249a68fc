/** Every mail the tests can read: fixtures/ (our own, and the copies of the shared corpus, parser fixtures and seeds). */
import fs from 'node:fs';
import path from 'node:path';
import { readMessages, type Message } from '../src/mail/index.js';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures');

export function mailFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(mbox|eml|patch|mail)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

/** The messages of one file, read by the mail stage as the CLI reads it. */
export async function messagesOf(file: string): Promise<Message[]> {
  const bytes = fs.readFileSync(file);
  const out: Message[] = [];
  for await (const m of readMessages({ name: path.basename(file), kind: 'mbox', stream: async function* () { yield bytes; } })) out.push(m);
  return out;
}
