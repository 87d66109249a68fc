import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT, noStack, pmreview } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? files(p) : [p];
    })
    .sort();
}

describe('odd real-world input never crashes the CLI', () => {
  // One run over every thread: a process per thread cost a minute on a loaded two-CPU machine.
  it('checks every corpus thread without status 2 or a stack trace', () => {
    const threads = files(CORPUS).filter((f) => f.endsWith('.mbox'));
    const r = pmreview(['check', ...threads, '--format', 'json']);
    expect(r.code).not.toBe(2);
    expect(noStack(r.stderr), r.stderr).toBe(true);
    const review = JSON.parse(r.stdout) as { series: unknown[] };
    // Every thread holds at least one series (some hold two versions or a later fix).
    expect(review.series.length).toBeGreaterThanOrEqual(threads.length);
  });

  it('reads all parser fixtures in one run: everything parses or becomes a diagnostic', () => {
    const inputs = files(path.resolve(ROOT, 'fixtures/parser'));
    const r = pmreview(['check', ...inputs, '--format', 'json', '--fail-on', 'never']);
    expect(noStack(r.stderr), r.stderr).toBe(true);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.messages).toBeGreaterThan(inputs.length / 2);
    for (const d of doc.diagnostics) expect(typeof d.message).toBe('string');
    // Every stderr line is one diagnostic line naming an input.
    for (const line of r.stderr.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^pmreview: \/.+: (error|warning|info): /);
  });
});
