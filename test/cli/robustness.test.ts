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
  it('checks every corpus thread without status 2 or a stack trace', () => {
    for (const f of files(CORPUS).filter((f) => f.endsWith('.mbox'))) {
      const r = pmreview(['check', f, '--format', 'json']);
      expect(r.code, f).not.toBe(2);
      expect(noStack(r.stderr), r.stderr).toBe(true);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
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
