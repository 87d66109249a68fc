#!/usr/bin/env node
// `npm run fuzz`: hostile input against the built CLI.
//
//  - Mutated mail (default): `--count N` mails mutated from fixtures/corpus and
//    fixtures/parser (deterministic from `--seed`), each reviewed alone by
//    `pmreview check - --format json --jobs 1` called in this process. Counted:
//    crashes (a throw, an exit status other than 0/1/2, a stack or an internal
//    error on stderr, stdout that is not JSON), mails over the per-message
//    bound (1 CPU-second for a mail up to 1 MiB), mails that left no trace
//    (one message or more, no series and no diagnostic: "silent"; an input
//    with no message at all, such as a mutation cut to nothing, is counted as
//    empty, not silent), diagnostics that do not name input, message and line
//    or that repeat within one mail, diagnostics quoting more than 1000
//    characters; the slowest mails; the peak RSS of this process.
//    Measured after a warm-up on the three largest fixture mails (see warmUp()).
//  - `--bombs` (`--full` for the issue's own sizes): the resource bombs of
//    issue 13, each run by the built CLI in its own process: exit status,
//    stderr lines, output size, peak RSS; for the ones that are one mail up to
//    1 MiB, the review's CPU time measured in this process as well.
//
// Options: --count N  --seed N  --index N,…  --bombs  --full  --only KEY,…  --json  --no-build  --dir DIR
import { Buffer } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, mutate, rng, seedMessages, writeBombs } from './fuzz-gen.mjs';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    bombs: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    dir: { type: 'string' },
    only: { type: 'string' },
    index: { type: 'string' },
  },
});

if (!values['no-build'] && process.env.npm_lifecycle_event !== 'fuzz') execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

const CLI = path.join(ROOT, 'dist/cli/main.js');
const BOUND_MS = 1000;
const MIB = 1 << 20;
const log = (s) => process.stderr.write(`${s}\n`);
const { main } = await import(pathToFileURL(path.join(ROOT, 'dist/cli/run.js')).href);

/** Runs the CLI in this process on `input` (stdin); CPU milliseconds of the call. */
async function runHere(args, input) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: Readable.from(input === undefined ? [] : [input]),
    env: { NO_COLOR: '1' },
    cwd: ROOT,
  };
  const cpu = process.cpuUsage();
  let code;
  let thrown;
  try {
    code = await main(args, io);
  } catch (e) {
    thrown = e;
  }
  const used = process.cpuUsage(cpu);
  return { code, thrown, stdout, stderr, ms: (used.user + used.system) / 1000 };
}

const STACK = /\n\s+at .+:\d+:\d+\)?/;

/** What is wrong with one run, or undefined. */
function crashOf(r) {
  if (r.thrown) return `threw: ${String(r.thrown?.stack ?? r.thrown).split('\n').slice(0, 3).join(' | ')}`;
  if (![0, 1, 2].includes(r.code)) return `exit status ${r.code}`;
  if (STACK.test(r.stderr) || STACK.test(r.stdout)) return `stack trace: ${r.stderr.slice(0, 300)}`;
  if (/internal error/.test(r.stderr)) return `internal error: ${r.stderr.slice(0, 300)}`;
  if (r.code !== 2 || r.stdout) {
    try {
      JSON.parse(r.stdout);
    } catch {
      return `stdout is not JSON: ${r.stdout.slice(0, 200)}`;
    }
  }
  return undefined;
}

/**
 * Reviews the three largest fixture mails before anything is measured. What a
 * process pays once is not a message's cost: loading the modules, and V8
 * compiling tree-sitter's wasm and the rules to optimised code in background
 * threads, whose CPU time process.cpuUsage() counts too. One small warm-up mail
 * left that to the first large C mail (#133 of seed 1: 0.94 s, 0.45 s when
 * warm). Returns the CPU milliseconds the warm-up took, which the report prints.
 */
async function warmUp(seeds) {
  const largest = [...seeds].sort((a, b) => b.length - a.length).slice(0, 3);
  let ms = 0;
  for (const mail of largest) ms += (await runHere(['check', '-', '--format', 'json', '--jobs', '1'], mail)).ms;
  return Math.round(ms);
}

async function fuzz(count, seed, indices) {
  const seeds = seedMessages();
  const r = rng(seed);
  // --index N,M: only those mails of the seed's sequence (the report names them #N), the others are generated and skipped
  const only = indices ? new Set(indices) : undefined;
  if (only) count = Math.max(...only) + 1;
  const result = { mode: 'fuzz', seed, count, seeds: seeds.length, crashes: 0, overBound: 0, silent: 0, empty: 0, unnamed: 0, repeated: 0, ruleFailures: 0, withoutSeries: 0, longDiagnostics: 0, maxDiagnostics: 0, maxMs: 0, bytes: 0, slowest: [], examples: [] };
  if (only) result.count = only.size;
  result.warmupMs = await warmUp(seeds);
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const text = mutate(seeds, r);
    if (only && !only.has(i)) continue;
    const bytes = Buffer.from(text, 'latin1');
    result.bytes += bytes.length;
    const run = await runHere(['check', '-', '--format', 'json', '--jobs', '1'], bytes);
    const crash = crashOf(run);
    const note = (kind, why) => {
      if (result.examples.length < 20) result.examples.push({ index: i, kind, why, bytes: bytes.length, head: text.slice(0, 160) });
    };
    if (crash) {
      result.crashes++;
      note('crash', crash);
      continue;
    }
    if (run.ms > result.maxMs) result.maxMs = run.ms;
    result.slowest.push({ index: i, ms: Math.round(run.ms), bytes: bytes.length });
    result.slowest.sort((a, b) => b.ms - a.ms);
    result.slowest.length = Math.min(result.slowest.length, 5);
    if (bytes.length <= MIB && run.ms > BOUND_MS) {
      result.overBound++;
      note('over the bound', `${run.ms.toFixed(0)} ms`);
    }
    const doc = run.stdout ? JSON.parse(run.stdout) : { series: [], diagnostics: [] };
    const diagnostics = doc.diagnostics ?? [];
    // a rule that throws is reported, not a crash, but it is a rule bug all the same
    if (diagnostics.some((d) => /^rule \S+ failed on series /.test(d.message))) {
      result.ruleFailures++;
      note('rule failure', diagnostics.find((d) => /^rule \S+ failed on series /.test(d.message)).message.slice(0, 200));
    }
    if (diagnostics.length > result.maxDiagnostics) {
      result.maxDiagnostics = diagnostics.length;
      result.maxDiagnosticsAt = i;
    }
    if (diagnostics.some((d) => d.message.length > 1000)) {
      result.longDiagnostics++;
      note('long diagnostic', `${Math.max(...diagnostics.map((d) => d.message.length))} characters`);
    }
    if (!doc.series?.length) {
      if (doc.summary?.messages === 0) result.empty++;
      else {
        result.withoutSeries++;
        if (!diagnostics.length && !run.stderr.trim()) {
          result.silent++;
          note('silent', 'no series and no diagnostic');
        }
      }
    }
    if (diagnostics.some((d) => !d.input || !d.messageId || !d.line)) {
      result.unnamed++;
      note('unnamed', 'a diagnostic without input, message or line');
    }
    const keys = diagnostics.map((d) => `${d.messageId}\0${d.line}\0${d.message}`);
    if (new Set(keys).size < keys.length) {
      result.repeated++;
      note('repeated', 'the same diagnostic twice');
    }
    if ((i + 1) % 1000 === 0 && !values.json) log(`${i + 1} mails, ${((Date.now() - started) / 1000).toFixed(0)} s, ${result.crashes} crashes, ${result.overBound} over the bound`);
  }
  result.seconds = (Date.now() - started) / 1000;
  result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

/** Peak RSS (MB) and status of one CLI process, from GNU time when there is one, else from the process itself. */
function runChild(args) {
  const time = '/usr/bin/time';
  const started = Date.now();
  const r = spawnSync(time, ['-v', process.execPath, CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30 });
  const stderr = r.stderr.toString('utf8');
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const status = /Exit status: (\d+)/.exec(stderr);
  const own = stderr.split('\n').filter((l) => l && !/^\t|^Command (exited|terminated)/.test(l));
  return { seconds: (Date.now() - started) / 1000, rssMB: rss ? Number(rss[1]) / 1024 : undefined, code: status ? Number(status[1]) : r.status, stderrLines: own, stdoutBytes: r.stdout.length };
}

async function bombs(full) {
  const dir = values.dir ?? mkdtempSync(path.join(tmpdir(), 'pmreview-bombs-'));
  mkdirSync(dir, { recursive: true });
  try {
    log(`writing the bombs into ${dir} …`);
    const only = values.only?.split(',');
    const list = (await writeBombs(dir, { full })).filter((b) => !only || only.includes(b.key));
    const warmupMs = await warmUp(seedMessages());
    log(`warm-up: ${warmupMs} ms CPU`);
    const rows = [];
    for (const b of list) {
      log(`${b.name} …`);
      const child = runChild(b.args);
      const row = { key: b.key, name: b.name, code: child.code, seconds: child.seconds, rssMB: child.rssMB, rssBoundMB: b.rssMB, stderrLines: child.stderrLines, stdoutBytes: child.stdoutBytes, fatal: Boolean(b.fatal), maxOutputBytes: b.maxOutputBytes };
      if (b.boundSeconds) {
        const here = await runHere([...b.args, '--jobs', '1']);
        row.reviewMs = here.ms;
        row.boundMs = b.boundSeconds * 1000;
      }
      rows.push(row);
    }
    return { mode: 'bombs', full, rows };
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}

const result = values.bombs ? await bombs(values.full) : await fuzz(Number(values.count), Number(values.seed), values.index?.split(',').map(Number));
if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (result.mode === 'fuzz') {
  process.stdout.write(
    [
      `${result.count} mutated mails (seed ${result.seed}, ${result.seeds} fixture mails, ${(result.bytes / 1e6).toFixed(1)} MB) in ${result.seconds.toFixed(0)} s`,
      `crashes: ${result.crashes}`,
      `over the bound (> ${BOUND_MS} ms CPU for a mail <= 1 MiB): ${result.overBound}`,
      `mails without a series: ${result.withoutSeries} (and ${result.empty} inputs with no message at all)`,
      `mails without a series or a diagnostic (silent): ${result.silent}`,
      `mails with a diagnostic not naming input, message and line: ${result.unnamed}`,
      `mails with a diagnostic repeated: ${result.repeated}`,
      `mails on which a rule failed: ${result.ruleFailures}`,
      `diagnostics over 1000 characters: ${result.longDiagnostics}`,
      `most diagnostics for one mail: ${result.maxDiagnostics}${result.maxDiagnostics ? ` (#${result.maxDiagnosticsAt})` : ''}`,
      `slowest: ${result.slowest.map((s) => `#${s.index} ${s.ms} ms (${s.bytes} bytes)`).join(', ')}`,
      `peak RSS: ${result.peakRssMB} MB`,
      `warm-up before measuring (the three largest fixture mails; module load and JIT once per process): ${result.warmupMs} ms CPU`,
      ...result.examples.map((e) => `  #${e.index} ${e.kind}: ${e.why} [${e.bytes} bytes] ${JSON.stringify(e.head)}`),
      '',
    ].join('\n'),
  );
} else {
  const lines = ['| bomb | exit | stderr lines | stdout bytes | wall s | peak RSS MB | review CPU ms |', '|---|---|---|---|---|---|---|'];
  for (const r of result.rows) lines.push(`| ${r.name} | ${r.code} | ${r.stderrLines.length} | ${r.stdoutBytes} | ${r.seconds.toFixed(1)} | ${r.rssMB?.toFixed(0) ?? '?'} | ${r.reviewMs !== undefined ? r.reviewMs.toFixed(0) : ''} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const r of result.rows) if (r.stderrLines.length) process.stdout.write(`\n${r.name}, stderr:\n${r.stderrLines.slice(0, 3).map((l) => `  ${l.slice(0, 200)}`).join('\n')}\n`);
}

// The targets of issue 13, checked here rather than in timed unit tests: a
// missed target makes `npm run fuzz` exit 1 and says which.
const missed = [];
if (result.mode === 'fuzz') {
  if (result.crashes) missed.push(`${result.crashes} crashes`);
  if (result.overBound) missed.push(`${result.overBound} mails over the ${BOUND_MS} ms bound`);
  if (result.silent) missed.push(`${result.silent} silent mails`);
  if (result.ruleFailures) missed.push(`${result.ruleFailures} mails on which a rule failed`);
  if (result.unnamed) missed.push(`${result.unnamed} mails with a diagnostic not naming input, message and line`);
} else {
  const byKey = new Map(result.rows.map((r) => [r.key, r]));
  for (const r of result.rows) {
    if (r.rssMB !== undefined && r.rssMB > r.rssBoundMB) missed.push(`${r.name}: peak RSS ${r.rssMB.toFixed(0)} MB > ${r.rssBoundMB} MB`);
    if (r.reviewMs !== undefined && r.reviewMs > r.boundMs) missed.push(`${r.name}: reviewed in ${r.reviewMs.toFixed(0)} ms > ${r.boundMs} ms`);
  }
  const small = byKey.get('tiny-20000');
  const large = byKey.get('tiny-100000');
  if (small?.rssMB !== undefined && large?.rssMB !== undefined && large.rssMB > small.rssMB + 25) missed.push(`memory grows with the message count: ${small.rssMB.toFixed(0)} MB for 20,000 tiny messages, ${large.rssMB.toFixed(0)} MB for 100,000`);
}
if (!values.json) process.stdout.write(missed.length ? `\ntargets missed:\n${missed.map((m) => `  ${m}`).join('\n')}\n` : '\nall targets met\n');
if (missed.length && !values.json) process.exitCode = 1;
