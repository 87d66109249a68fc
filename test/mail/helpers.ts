import fs from 'node:fs';
import path from 'node:path';
import { parseMessage, splitMbox, type Message, type RawMessage } from '../../src/mail/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/mail');
/** The repository's copies of the shared corpus and parser fixtures (npm run sync-fixtures). */
export const FIXTURE_ROOT = path.resolve(import.meta.dirname, '../../fixtures');

/** The bytes in pieces of `size`, so that lines and separators straddle chunk ends. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

export async function split(bytes: Uint8Array | string, size = 7, maxMessageBytes?: number): Promise<RawMessage[]> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const out: RawMessage[] = [];
  for await (const r of splitMbox(chunked(buf, size), { maxMessageBytes })) out.push(r);
  return out;
}

export async function parseAll(bytes: Uint8Array | string, input = 'test.mbox'): Promise<Message[]> {
  return (await split(bytes, 4096)).map((r) => parseMessage(r, input));
}

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/** One mail from a string (no mbox separator). */
export function mail(text: string, input = 'test.eml'): Message {
  return parseMessage({ bytes: Buffer.from(text, 'utf8'), offset: 0, line: 1, ordinal: 1 }, input);
}
