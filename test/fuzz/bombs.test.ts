import { beforeAll, describe, expect, it } from 'vitest';
import { runFuzzScript, type BombRow } from './run-fuzz.js';

/**
 * The resource bombs of issue 13 (bench/fuzz-gen.mjs, at sizes that still
 * show each fault), each run by the built CLI in its own process. Bounds:
 * a mail up to 1 MiB is reviewed in at most 1 CPU-second (measured in-process,
 * start-up excluded), and no bomb costs more than 300 MB of peak RSS.
 */
let rows: Map<string, BombRow>;

beforeAll(() => {
  const result = runFuzzScript<{ rows: BombRow[] }>(['--bombs']);
  rows = new Map(result.rows.map((r) => [r.key, r]));
}, 600_000);

const bomb = (key: string): BombRow => {
  const r = rows.get(key);
  if (!r) throw new Error(`no bomb ${key}`);
  return r;
};

describe('one mail costs bounded time and memory', () => {
  for (const key of ['bang-20k', 'bang-40k', 'dash-160k', 'bang-lines', 'lines-1m', 'calls-200k']) {
    it(`${key}: reviewed within the per-message bound`, () => {
      const r = bomb(key);
      expect([0, 1]).toContain(r.code);
      expect(r.reviewMs, r.name).toBeLessThanOrEqual(r.boundMs!);
      expect(r.rssMB, r.name).toBeLessThanOrEqual(r.rssBoundMB);
    });
  }

  for (const key of ['line-3m', 'mixed']) {
    it(`${key}: peak RSS within the bound`, () => {
      const r = bomb(key);
      expect([0, 1]).toContain(r.code);
      expect(r.rssMB, r.name).toBeLessThanOrEqual(r.rssBoundMB);
    });
  }

  it('zeros-gz: a message with no end is not held; exit 2 and one line on stderr, nothing on stdout about it', () => {
    const r = bomb('zeros-gz');
    expect(r.rssMB, r.name).toBeLessThanOrEqual(r.rssBoundMB);
    expect(r.code).toBe(2);
    expect(r.stderrLines).toHaveLength(1);
    expect(r.stderrLines[0]).toMatch(/^pmreview: .*zeros\.gz: message #1: line 1: error: message of \d+ bytes is over --max-message-bytes: not read$/);
    expect(r.stdoutBytes).toBeLessThan(100);
  });

  it('subject: a huge subject is quoted in diagnostics only in part', () => {
    const r = bomb('subject');
    expect(r.stdoutBytes).toBeLessThanOrEqual(r.maxOutputBytes!);
  });

  it('tiny messages: the streaming format holds nothing per message', () => {
    const small = bomb('tiny-20000');
    const large = bomb('tiny-100000');
    expect(large.rssMB!).toBeLessThanOrEqual(small.rssMB! + 25);
  });
});
