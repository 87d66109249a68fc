import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { review as reviewInputs } from '../../src/review/index.js';
import type { Finding } from '../../src/rules/index.js';
import { debianKernelTarball } from '../debian-kernel.js';

/**
 * False positives on reviewed upstream code (issue 4): five unmodified files of
 * Debian's linux-source-6.12, each added as a new file, must draw at most one
 * error per 2,000 lines. CI installs the package and fails without it; elsewhere
 * a missing package skips this file with the reason printed.
 */
const { tarball: TARBALL, why } = debianKernelTarball();
if (why) console.warn(`test/rules/upstream.test.ts skipped: ${why}`);
const FILES = ['mm/secretmem.c', 'virt/kvm/guest_memfd.c', 'arch/x86/mm/pat/set_memory.c', 'mm/gup.c', 'virt/kvm/kvm_main.c'];
const work = path.resolve(import.meta.dirname, '../../build/upstream-6.12');
const artifacts = path.resolve(import.meta.dirname, '../artifacts');

function patchFor(file: string): string {
  const diff = spawnSync('git', ['diff', '--no-index', '--no-color', '/dev/null', file], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  return `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Upstream <upstream@example.org>\nDate: Mon, 18 Nov 2024 00:00:00 +0000\nSubject: [PATCH] add ${file} from Linux 6.12\n\nSigned-off-by: Upstream <upstream@example.org>\n---\n${diff}-- \n2.45.2\n\n`;
}

describe.skipIf(!TARBALL)('upstream 6.12 files added whole: findings a maintainer would accept', () => {
  const results = new Map<string, { lines: number; findings: Finding[] }>();

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    if (!FILES.every((f) => existsSync(path.join(work, f)))) {
      execFileSync('tar', ['-xJf', TARBALL!, '--strip-components=1', '-C', work, ...FILES.map((f) => `linux-source-6.12/${f}`)]);
    }
    for (const file of FILES) {
      const mail = path.join(work, `${file.replace(/\//g, '_')}.patch`);
      writeFileSync(mail, patchFor(file));
      const review = await reviewInputs([mail]);
      expect(review.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      results.set(file, { lines: readFileSync(path.join(work, file), 'utf8').split('\n').length, findings: review.findings });
    }
    mkdirSync(artifacts, { recursive: true });
    const report = [...results].map(([file, r]) => [
      `${file}: ${r.lines} lines, ${r.findings.filter((f) => f.severity === 'error').length} errors, ${r.findings.length} findings`,
      ...r.findings.map((f) => `  ${f.location.line}: ${f.severity} ${f.ruleId} ${f.message}`),
    ]);
    writeFileSync(path.join(artifacts, 'upstream-findings.txt'), report.flat().join('\n') + '\n');
  }, 300_000);

  it.each(FILES)('%s: at most one error per 2,000 lines', (file) => {
    const r = results.get(file)!;
    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors.length, errors.map((f) => `${f.ruleId} ${f.location.line} ${f.message}`).join('\n')).toBeLessThanOrEqual(Math.max(1, Math.floor(r.lines / 2000)));
  });
});
