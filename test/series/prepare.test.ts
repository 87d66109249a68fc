import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/mail/index.js';
import { prepareMessage, SeriesAssembler, type Series } from '../../src/series/index.js';
import { FIXTURES_DIR, mailFiles, messagesOf } from '../mail-files.js';

function assemble(messages: Message[], prepare: boolean): { series: Series[]; rest: unknown } {
  const a = new SeriesAssembler({ allVersions: true });
  const series: Series[] = [];
  // structuredClone: what a worker hands back is a copy, never the objects the assembler saw
  for (const m of messages) series.push(...a.push(m, prepare ? structuredClone(prepareMessage(m)) : undefined));
  const rest = a.finish();
  return { series: [...series, ...rest.series], rest: rest.diagnostics };
}

describe('prepareMessage (the text work --jobs moves to workers)', () => {
  it('assembling with prepared messages equals assembling without, on every mail in fixtures/', async () => {
    const files = mailFiles(FIXTURES_DIR);
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
