import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
