import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMessages, type Message } from '../../src/mail/index.js';
import { prepareMessage, SeriesAssembler, type Series } from '../../src/series/index.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const OWN = path.resolve(import.meta.dirname, '../../fixtures');

function mailFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(mbox|eml|patch|mail)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

async function messagesOf(file: string): Promise<Message[]> {
  const bytes = fs.readFileSync(file);
  const out: Message[] = [];
  for await (const m of readMessages({ name: path.basename(file), kind: 'mbox', stream: async function* () { yield bytes; } })) out.push(m);
  return out;
}

function assemble(messages: Message[], prepare: boolean): { series: Series[]; rest: unknown } {
  const a = new SeriesAssembler({ allVersions: true });
  const series: Series[] = [];
  // structuredClone: what a worker hands back is a copy, never the objects the assembler saw
  for (const m of messages) series.push(...a.push(m, prepare ? structuredClone(prepareMessage(m)) : undefined));
  const rest = a.finish();
  return { series: [...series, ...rest.series], rest: rest.diagnostics };
}

describe('prepareMessage (the text work --jobs moves to workers)', () => {
  it('assembling with prepared messages equals assembling without, on every mail in ../shared and fixtures/', async () => {
    const files = [...mailFiles(SHARED), ...mailFiles(OWN)];
    expect(files.length).toBeGreaterThan(100);
    let series = 0;
    for (const file of files) {
      const messages = await messagesOf(file);
      const plain = assemble(messages, false);
      expect(assemble(messages, true), file).toEqual(plain);
      series += plain.series.length;
    }
    expect(series).toBeGreaterThan(150);
  });
});
