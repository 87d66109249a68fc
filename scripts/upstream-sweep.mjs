#!/usr/bin/env node
// The upstream false-positive sweep (issue 10): every .c file under mm/,
// virt/kvm/, arch/x86/kvm/, arch/x86/mm/, arch/arm64/kvm/ and arch/arm64/mm/ of
// Debian's linux-source-6.12, each added whole as a new file in its own patch,
// is reviewed; reviewed upstream code should draw at most one error per 2,000
// lines. Prints the figures per rule and every error; exits 1 above the bound.
//
//     npm run upstream-sweep [-- --dirs mm,virt/kvm] [--list]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { dirs: { type: 'string' }, list: { type: 'boolean' }, out: { type: 'string' } } });
const DIRS = (values.dirs ?? 'mm,virt/kvm,arch/x86/kvm,arch/x86/mm,arch/arm64/kvm,arch/arm64/mm').split(',');
const work = path.join(root, 'build/upstream-sweep');

let tarball;
try {
  tarball = execFileSync(path.join(root, 'scripts/debian-kernel-tarball.sh'), { encoding: 'utf8' }).trim();
} catch {
  process.exit(2); // the script said why on stderr
}

const listing = execFileSync('tar', ['-tJf', tarball], { encoding: 'utf8', maxBuffer: 256 << 20 }).split('\n');
const files = listing
  .map((l) => l.replace(/^linux-source-6\.12\//, ''))
  .filter((f) => f.endsWith('.c') && DIRS.some((d) => f.startsWith(d + '/')))
  .sort();
if (values.list) {
  console.log(files.join('\n'));
  process.exit(0);
}
const stamp = path.join(work, '.stamp');
const want = `${tarball} ${files.length}`;
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
  mkdirSync(work, { recursive: true });
  execFileSync('tar', ['-xJf', tarball, '--strip-components=1', '-C', work, ...files.map((f) => `linux-source-6.12/${f}`)], { maxBuffer: 64 << 20 });
  writeFileSync(stamp, want);
}

// One mail per file, each its own series (distinct title and Message-ID).
const mails = files.map((file, i) => {
  // git diff --no-index exits 1 when the files differ, which they always do here.
  const diff = spawnSync('git', ['diff', '--no-index', '--no-color', '/dev/null', file], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  return `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Upstream <upstream@example.org>\nDate: Mon, 18 Nov 2024 00:00:00 +0000\nMessage-ID: <sweep-${i}@pmreview.invalid>\nSubject: [PATCH] add ${file} from Linux 6.12\n\nSigned-off-by: Upstream <upstream@example.org>\n---\n${diff}-- \n2.45.2\n\n`;
});
const mbox = path.join(work, 'sweep.mbox');
writeFileSync(mbox, mails.join(''));

const { review: reviewInputs } = await import(path.join(root, 'dist/review/index.js'));
const review = await reviewInputs([mbox]);
const lines = files.reduce((n, f) => n + readFileSync(path.join(work, f), 'utf8').split('\n').length, 0);
const bySeverity = { error: 0, warning: 0, info: 0 };
const byRule = new Map();
for (const f of review.findings) {
  bySeverity[f.severity]++;
  const r = byRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
  r[f.severity]++;
  byRule.set(f.ruleId, r);
}
const fileOf = (f) => /add (\S+) from Linux/.exec(f.location.subject)?.[1] ?? f.location.file;
const out = [
  `upstream sweep: ${files.length} files, ${lines} lines of Linux 6.12 (${DIRS.join(', ')})`,
  `findings: ${bySeverity.error} errors, ${bySeverity.warning} warnings, ${bySeverity.info} infos; ${(bySeverity.error / (lines / 2000)).toFixed(2)} errors per 2,000 lines (bound: 1)`,
  ...[...byRule].sort().map(([id, r]) => `  ${id}: ${r.error} errors, ${r.warning} warnings, ${r.info} infos`),
  ...review.findings.filter((f) => f.severity === 'error').map((f) => `error ${f.ruleId} ${fileOf(f)}:${f.location.line}: ${f.message}`),
  ...review.diagnostics.filter((d) => d.severity === 'error').map((d) => `diagnostic: ${d.message}`),
];
const report = out.join('\n') + '\n';
writeFileSync(values.out ?? path.join(work, 'report.txt'), report + review.findings.filter((f) => f.severity !== 'error').map((f) => `${f.severity} ${f.ruleId} ${fileOf(f)}:${f.location.line}: ${f.message}`).join('\n') + '\n');
process.stdout.write(report);
process.exit(bySeverity.error > Math.max(1, Math.floor(lines / 2000)) ? 1 : 0);
