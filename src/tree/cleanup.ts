import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/*
 * Every temporary path of a --tree run — worktrees and the rebuilt patch
 * mails — lives in one scratch directory that the main thread makes and owns.
 * Signals reach only the main thread (worker threads never see SIGINT or
 * SIGTERM), so it is the main thread that, on a signal or at exit, stops the
 * workers' git work, removes the directory and makes git forget the
 * worktrees registered under it. Workers are handed the directory and a
 * shared stop flag, and only ever create inside it.
 *
 * Worktrees are also tracked one by one (trackWorktree), for callers that use
 * the tree stage without a scratch directory: they are removed the same way.
 */

/** What a worker needs to work inside the main thread's scratch directory. */
export interface ScratchShare {
  dir: string;
  /** Int32 flag, set by the main thread when it is stopping: no new git work starts. */
  stop: SharedArrayBuffer;
}

/** An interrupted run: thrown by stopIfAsked() once the main thread is stopping. */
export class StoppedError extends Error {
  constructor() {
    super('stopped by a signal');
    this.name = 'StoppedError';
  }
}

const live = new Map<string, string>(); // worktree → repository
const owned = new Map<string, string>(); // scratch directory → repository
let share: ScratchShare | undefined;

function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // a repository that vanished, a worktree half made: what is left is removed below
    return '';
  }
}

function removeNow(worktree: string, repo: string): void {
  // twice --force: a worktree git is still adding is locked ("initializing")
  git(repo, ['worktree', 'remove', '--force', '--force', worktree]);
  rmSync(worktree, { recursive: true, force: true });
  git(repo, ['worktree', 'prune']);
}

/** Worktrees of `repo` registered at paths inside `dir`. */
function registeredUnder(repo: string, dir: string): string[] {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return git(repo, ['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length))
    .filter((wt) => wt.startsWith(prefix));
}

/** Child processes of this process (all threads), where the system says (Linux /proc). */
function children(): number[] {
  try {
    return readdirSync('/proc/self/task').flatMap((tid) => {
      try {
        return readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Ends the git (and checkpatch) processes the run started, so that none goes
 * on writing into the scratch directory or registering a worktree after it is
 * removed; git removes what it was adding when it gets SIGTERM.
 */
function stopChildren(): void {
  for (let round = 0; round < 3; round++) {
    const pids = children();
    if (!pids.length) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
    // wait up to a second for them to exit (a synchronous handler cannot await)
    for (let t = 0; t < 50 && children().some((p) => pids.includes(p)); t++) Atomics.wait(pause, 0, 0, 20);
  }
}

function cleanAll(): void {
  // only the main thread stops the run; a worker that exits removes its own worktrees
  if (share && isMainThread) Atomics.store(new Int32Array(share.stop), 0, 1);
  if (owned.size) stopChildren();
  for (const [wt, repo] of live) removeNow(wt, repo);
  live.clear();
  for (const [dir, repo] of owned) {
    for (const wt of registeredUnder(repo, dir)) git(repo, ['worktree', 'remove', '--force', '--force', wt]);
    rmSync(dir, { recursive: true, force: true });
    git(repo, ['worktree', 'prune']);
  }
  owned.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanAll();
  unhook();
  process.kill(process.pid, signal);
}

function onExit(): void {
  cleanAll();
}

let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('exit', onExit);
}

/**
 * Main thread: makes the run's scratch directory for worktrees of `repo` and
 * takes charge of it (removed on SIGINT, SIGTERM and exit). Returns what to
 * hand to workers.
 */
export function ownScratch(repo: string): ScratchShare {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'pmreview-')));
  owned.set(dir, repo);
  share = { dir, stop: new SharedArrayBuffer(4) };
  hook();
  return share;
}

/** Worker thread: create inside the main thread's scratch directory, and stop when it says so. */
export function useScratch(s: ScratchShare): void {
  share = s;
}

/** Where temporary paths go: the run's scratch directory, else the system's temporary directory. */
export function scratchDir(): string {
  return share?.dir ?? os.tmpdir();
}

/** Throws StoppedError once the main thread is stopping: called before each step of git work. */
export function stopIfAsked(): void {
  if (share && Atomics.load(new Int32Array(share.stop), 0) !== 0) throw new StoppedError();
}

export function trackWorktree(worktree: string, repo: string): void {
  live.set(worktree, repo);
  hook();
}

export function untrackWorktree(worktree: string): void {
  live.delete(worktree);
  if (live.size === 0 && owned.size === 0) unhook();
}

/** Worktrees still to be removed (for tests and diagnostics). */
export function liveWorktrees(): string[] {
  return [...live.keys()];
}
