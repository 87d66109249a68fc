#!/usr/bin/env node
// `npm run bench`: speed and memory of the built CLI as a user runs it.
//  - throughput (MB/s) of `pmreview check --format json` on a mixed
//    mailing-list archive, with --jobs 1 and --jobs 2, and the speed-up;
//  - time for a 47-patch series from process start to exit;
//  - peak RSS of each run (GNU time -v, "Maximum resident set size");
//  - checkpatch.pl --no-tree on the same 47 patches, and the ratio.
// Targets (reported, never asserted): >= 100 MB/s, < 1 s for 47 patches,
// >= 20x checkpatch, < 250 MB RSS on 1 GB (`npm run bench -- --size 1G`).
// Options: --size 100M|1G  --seed N  --runs N  --jobs 1,2  --profile  --no-checkpatch  --no-build
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { makeArchives, parseSize } from './make-archive.mjs';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli/main.js');
const TIME = '/usr/bin/time';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100M' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '1,2' },
    profile: { type: 'boolean', default: false },
    'no-checkpatch': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

// `npm run bench` has just built; a direct `node bench/run.mjs` builds here.
if (!values['no-build'] && process.env.npm_lifecycle_event !== 'bench') execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const log = (s) => process.stderr.write(`${s}\n`);
const mb = (bytes) => bytes / 1e6;

/** Runs a command under GNU time; wall seconds from spawn to exit, peak RSS in MB. */
function measure(cmd, args, { cwd = root } = {}) {
  const useTime = existsSync(TIME);
  const start = process.hrtime.bigint();
  const r = useTime
    ? spawnSync(TIME, ['-v', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 })
    : spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = r.stderr?.toString() ?? '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const status = useTime ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? r.status) : r.status;
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  // CPU seconds of all threads: on a busy machine the honest figure next to wall time.
  const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
  return { seconds, cpu, rssMB: rss ? Number(rss[1]) / 1024 : undefined, status, stderr };
}

const secs = (r) => `${r.seconds.toFixed(2)} s${r.cpu !== undefined ? ` (cpu ${r.cpu.toFixed(2)} s)` : ''}`;
const rss = (r) => (r.rssMB ? `${r.rssMB.toFixed(0)} MB` : '?');

function best(runs, fn) {
  const results = Array.from({ length: runs }, fn);
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor((results.length - 1) / 2)];
}

function checkPmreview(r, what) {
  // 0: clean, 1: findings; anything else means the run did not review the input.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${what}: pmreview exited ${r.status}\n${r.stderr.split('\n').slice(0, 20).join('\n')}`);
}

/** scripts/checkpatch.pl of a kernel tree, else the copy kept with the 6.12 files in fixtures/kernel. */
function findCheckpatch() {
  const tree = path.resolve(root, process.env.PMREVIEW_KERNEL_TREE ?? 'build/kernel-6.12');
  const inTree = path.join(tree, 'scripts/checkpatch.pl');
  if (existsSync(inTree)) return inTree;
  const kept = path.join(root, 'fixtures/kernel/6.12/scripts/checkpatch.pl');
  return existsSync(kept) ? kept : undefined;
}

/**
 * Self and inclusive time per function of pmreview's own code from a V8
 * .cpuprofile, heaviest first. Inclusive time counts a function once per
 * sample even when it recurses.
 */
function profileSummary(file, n = 15) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const name = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${path.relative(root, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    return `${(functionName || '(anonymous)').slice(0, 60)} ${where}`.trim();
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    const node = byId.get(prof.samples[i]);
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = name(byId.get(id));
      if (!k.includes('dist/') || seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total }));
  return { self: top(self), inclusive: top(incl) };
}

const size = parseSize(values.size);
const runs = Math.max(1, Number(values.runs));
const jobsList = values.jobs.split(',').map(Number).filter((n) => n > 0);
log(`generating inputs (${values.size}, seed ${values.seed}) …`);
const inputs = makeArchives({ size, seed: Number(values.seed) });
const rows = [];
const throughput = {};

for (const jobs of jobsList) {
  log(`check --jobs ${jobs} on ${mb(inputs.archiveBytes).toFixed(0)} MB …`);
  const r = best(runs, () => measure(process.execPath, [cli, 'check', '--format', 'json', '--fail-on', 'never', '--jobs', String(jobs), inputs.archive]));
  checkPmreview(r, `check --jobs ${jobs}`);
  throughput[jobs] = mb(inputs.archiveBytes) / r.seconds;
  rows.push([`archive ${mb(inputs.archiveBytes).toFixed(0)} MB, --jobs ${jobs}`, secs(r), `${throughput[jobs].toFixed(1)} MB/s`, rss(r)]);
}
if (throughput[1] && throughput[2]) rows.push(['speed-up --jobs 2 / --jobs 1', '', `${(throughput[2] / throughput[1]).toFixed(2)}x`, '']);

log('47-patch series …');
const s47 = best(Math.max(runs, 5), () => measure(process.execPath, [cli, 'check', '--format', 'json', '--fail-on', 'never', inputs.series47]));
checkPmreview(s47, 'check 47-patch series');
rows.push(['47-patch series (+cover), process start to exit', secs(s47), '', rss(s47)]);

if (!values['no-checkpatch']) {
  const checkpatch = findCheckpatch();
  if (!checkpatch) rows.push(['checkpatch.pl --no-tree', 'not found (set PMREVIEW_KERNEL_TREE)', '', '']);
  else {
    log(`checkpatch.pl --no-tree on 47 patches (${checkpatch}) …`);
    const patches = readdirSync(inputs.series47Dir).filter((f) => !f.startsWith('0000-')).sort().map((f) => path.join(inputs.series47Dir, f));
    const cp = measure('perl', [checkpatch, '--no-tree', '-q', '--no-summary', ...patches]);
    rows.push(['checkpatch.pl --no-tree, the 47 patches in one run', secs(cp), '', rss(cp)]);
    // b4 and patchwork CI run it once per patch: perl start-up and rule compilation each time.
    const start = process.hrtime.bigint();
    for (const p of patches) measure('perl', [checkpatch, '--no-tree', '-q', '--no-summary', p]);
    const perPatch = Number(process.hrtime.bigint() - start) / 1e9;
    rows.push(['checkpatch.pl --no-tree, one run per patch (as b4)', `${perPatch.toFixed(2)} s`, '', '']);
    const cpuRatio = cp.cpu && s47.cpu ? ` (cpu ${(cp.cpu / s47.cpu).toFixed(1)}x)` : '';
    rows.push(['pmreview vs checkpatch, one run', '', `${(cp.seconds / s47.seconds).toFixed(1)}x faster${cpuRatio}`, '']);
    rows.push(['pmreview vs checkpatch, per patch', '', `${(perPatch / s47.seconds).toFixed(1)}x faster`, '']);
  }
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['what', 'wall time (cpu)', 'rate', 'peak RSS'][i].length));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
process.stdout.write(`\n${line(['what', 'wall time (cpu)', 'rate', 'peak RSS'])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
process.stdout.write(`\nnode ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(2)} at the end; targets: >= 100 MB/s, < 1 s for 47 patches, >= 20x checkpatch, < 250 MB RSS on 1 GB\n`);

if (values.profile) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pmreview-prof-'));
  log('profiling check --jobs 1 …');
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, cli, 'check', '--format', 'json', '--fail-on', 'never', '--jobs', '1', inputs.archive], { cwd: root, stdio: 'ignore' });
  const prof = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f))[0];
  if (prof) {
    const summary = profileSummary(prof);
    const show = (f) => `${(f.share * 100).toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}\n`;
    process.stdout.write(`\nSelf time, check --jobs 1 on the archive (${prof}):\n${summary.self.map(show).join('')}`);
    process.stdout.write(`\nInclusive time, pmreview functions:\n${summary.inclusive.map(show).join('')}`);
  }
}
