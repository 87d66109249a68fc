import { beforeAll, describe, expect, it } from 'vitest';
import { runFuzzScript, type BombRow } from './run-fuzz.js';

/**
 * The resource bombs of issue 13 (bench/fuzz-gen.mjs, at sizes that still
 * show each fault), each run by the built CLI in its own process. What is
 * asserted here does not depend on the machine's load: exit status, what goes
 * to stderr and stdout, how much of the input is quoted. The time and memory
 * targets (a mail up to 1 MiB in at most 1 CPU-second, 300 MB peak RSS per
 * bomb, flat memory over 100,000 messages) are measured and checked by
 * `npm run fuzz -- --bombs` (bench/fuzz.mjs), never by a timed unit test.
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

describe('resource bombs end cleanly', () => {
  for (const key of ['bang-20k', 'bang-40k', 'dash-160k', 'bang-lines', 'lines-1m', 'calls-200k', 'big-c', 'line-3m', 'mixed']) {
    it(`${key}: reviewed to the end, with no stack trace`, () => {
      const r = bomb(key);
      expect([0, 1], r.name).toContain(r.code);
      for (const line of r.stderrLines) expect(line, r.name).not.toMatch(/^\s+at /);
    });
  }

  it('zeros-gz: a message with no end is not held; exit 2 and one line on stderr, nothing on stdout about it', () => {
    const r = bomb('zeros-gz');
    expect(r.code).toBe(2);
    expect(r.stderrLines).toHaveLength(1);
    expect(r.stderrLines[0]).toMatch(/^pmreview: .*zeros\.gz: message #1: line 1: error: message of \d+ bytes is over --max-message-bytes: not read$/);
    expect(r.stdoutBytes).toBeLessThan(100);
  });

  it('big-c: 360 kB of real C in one patch is cut by the work budget, said in one line', () => {
    const r = bomb('big-c');
    expect(r.stderrLines.filter((l) => /needs more work than the C view does for one patch/.test(l))).toHaveLength(1);
  });

  it('subject: a huge subject is quoted in diagnostics only in part', () => {
    const r = bomb('subject');
    expect(r.stdoutBytes).toBeLessThanOrEqual(r.maxOutputBytes!);
  });
});
