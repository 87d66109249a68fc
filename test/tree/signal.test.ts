import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKernelTree, REPO } from './setup.js';

let scratch: string;
let dir: string;

beforeAll(() => {
  dir = ensureKernelTree();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'pmreview-signal-'));
  // cleanup.ts imports only node: modules, so it runs alone in a child process once compiled.
  execFileSync(path.join(REPO, 'node_modules/.bin/tsc'), ['--outDir', scratch, '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', path.join(REPO, 'src/tree/cleanup.ts')], { cwd: REPO });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function runChild(signal: NodeJS.Signals | 'exit'): Promise<{ worktree: string; code: number | null; signal: NodeJS.Signals | null }> {
  const script = path.join(scratch, `child-${signal}.mjs`);
  writeFileSync(
    script,
    `import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackWorktree } from './cleanup.js';
const wt = mkdtempSync(path.join(os.tmpdir(), 'pmreview-wt-'));
execFileSync('git', ['-C', ${JSON.stringify(dir)}, 'worktree', 'add', '--no-checkout', '--detach', wt, 'HEAD'], { stdio: 'ignore' });
trackWorktree(wt, ${JSON.stringify(dir)});
console.log(wt);
${signal === 'exit' ? 'process.exit(3);' : 'setInterval(() => {}, 1000);'}
`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (signal !== 'exit' && out.endsWith('\n')) child.kill(signal);
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ worktree: out.trim(), code, signal: sig }));
  });
}

function registered(): string {
  return execFileSync('git', ['-C', dir, 'worktree', 'list', '--porcelain'], { encoding: 'utf8' });
}

describe('worktree cleanup when the process is interrupted', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes the worktree on ${sig} and still dies of the signal`, async () => {
      const r = await runChild(sig);
      expect(r.worktree).toMatch(/pmreview-wt-/);
      expect(r.signal).toBe(sig);
      expect(existsSync(r.worktree)).toBe(false);
      expect(registered()).not.toContain(r.worktree);
    });
  }

  it('removes the worktree on process.exit', async () => {
    const r = await runChild('exit');
    expect(r.code).toBe(3);
    expect(existsSync(r.worktree)).toBe(false);
    expect(registered()).not.toContain(r.worktree);
  });
});

/**
 * The built CLI, as a user runs it, interrupted while it applies series in
 * worktrees: with worker threads (which never see signals) and without. Its
 * TMPDIR is a directory of the test's own, so that what it leaves can be told
 * from what other tests running at the same time have made.
 */
describe('SIGINT/SIGTERM to pmreview check --tree leave no worktree and no temporary file', () => {
  const CLI = path.join(REPO, 'dist/cli/main.js');
  const inputs = readdirSync(path.join(REPO, 'fixtures/rules'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => path.join(REPO, 'fixtures/rules', f));

  /** Every path under `root`, depth first. */
  function under(root: string): string[] {
    return readdirSync(root, { recursive: true, encoding: 'utf8' });
  }

  function interrupt(signal: NodeJS.Signals, jobs: string, tmp: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sawWorktree: boolean }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'check', ...inputs, '--tree', dir, '--checkpatch', '--jobs', jobs, '--format', 'json'], {
        env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      let sawWorktree = false;
      // signal once worktrees are being made (as many as there are workers, when there are)
      const want = jobs === '1' ? 1 : 2;
      const poll = setInterval(() => {
        const wts = under(tmp).filter((p) => /pmreview-wt-[^/]*$/.test(p));
        if (wts.length >= want) {
          sawWorktree = true;
          clearInterval(poll);
          child.kill(signal);
        }
      }, 5);
      child.on('error', reject);
      child.on('close', (code, sig) => {
        clearInterval(poll);
        resolve({ code, signal: sig, stderr, sawWorktree });
      });
    });
  }

  it('a run that completes leaves nothing either', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmreview-sigtest-'));
    try {
      execFileSync(process.execPath, [CLI, 'check', path.join(REPO, 'fixtures/tree/order0-guard'), '--tree', dir, '--jobs', '2', '--format', 'json', '--fail-on', 'never'], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
      expect(under(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  for (const jobs of ['2', '1']) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`--jobs ${jobs}, ${sig}: dies of the signal and leaves nothing registered or on disk`, async () => {
        const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmreview-sigtest-'));
        try {
          const r = await interrupt(sig, jobs, tmp);
          expect(r.sawWorktree, r.stderr).toBe(true);
          expect(r.signal, r.stderr).toBe(sig);
          expect(under(tmp)).toEqual([]);
          expect(registered()).not.toContain(tmp);
        } finally {
          for (const wt of registered().split('\n').filter((l) => l.startsWith(`worktree ${tmp}`))) execFileSync('git', ['-C', dir, 'worktree', 'remove', '--force', '--force', wt.slice(9)]);
          rmSync(tmp, { recursive: true, force: true });
          execFileSync('git', ['-C', dir, 'worktree', 'prune']);
        }
      });
    }
  }
});
