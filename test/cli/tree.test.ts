import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, noStack, pmreview } from './helpers.js';

/** `--tree` on Debian's 6.12 tree (built by scripts/kernel-tree.sh in test/tree/setup.ts). */
const tree = path.join(ROOT, 'build/kernel-6.12');
const series = path.join(ROOT, 'fixtures/tree/order0-guard');

function findings(args: string[]) {
  const r = pmreview(['check', series, '--format', 'json', '--fail-on', 'never', ...args]);
  expect(noStack(r.stderr), r.stderr).toBe(true);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; location: { line: number } }[]; diagnostics: { message: string }[] };
}

describe('pmreview check --tree', () => {
  it('reads the whole function: a guard outside the hunk lowers R01 from error to info', () => {
    const hunkOnly = findings([]).findings.find((f) => f.ruleId === 'R01');
    const withTree = findings(['--tree', tree]);
    const r01 = withTree.findings.find((f) => f.ruleId === 'R01');
    expect(hunkOnly?.severity).toBe('error');
    expect(r01?.severity).toBe('info');
    expect(r01?.location.line).toBe(hunkOnly?.location.line);
    expect(withTree.diagnostics.map((d) => d.message).join('\n')).toMatch(/base|HEAD/);
  });

  it('refuses a directory that is not a kernel git tree with one line and status 2', () => {
    const r = pmreview(['check', series, '--tree', path.join(ROOT, 'docs')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--tree');
  });

  it('needs --tree for --checkpatch', () => {
    expect(pmreview(['check', series, '--checkpatch']).code).toBe(2);
  });
});
