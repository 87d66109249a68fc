import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Worktrees that exist right now. While there is one, SIGINT/SIGTERM and
 * process exit remove them synchronously (an async dispose would never run),
 * then the signal is re-raised so the process still dies as it should.
 */
const live = new Map<string, string>(); // worktree → repository

function removeNow(worktree: string, repo: string): void {
  try {
    execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', worktree], { stdio: 'ignore' });
  } catch {
    // the directory may be half made; prune below forgets it either way
  }
  rmSync(worktree, { recursive: true, force: true });
  try {
    execFileSync('git', ['-C', repo, 'worktree', 'prune'], { stdio: 'ignore' });
  } catch {
    // nothing left to do for a repository that vanished
  }
}

function onSignal(signal: NodeJS.Signals): void {
  for (const [wt, repo] of live) removeNow(wt, repo);
  live.clear();
  unhook();
  process.kill(process.pid, signal);
}

function onExit(): void {
  for (const [wt, repo] of live) removeNow(wt, repo);
  live.clear();
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

export function trackWorktree(worktree: string, repo: string): void {
  live.set(worktree, repo);
  hook();
}

export function untrackWorktree(worktree: string): void {
  live.delete(worktree);
  if (live.size === 0) unhook();
}

/** Worktrees still to be removed (for tests and diagnostics). */
export function liveWorktrees(): string[] {
  return [...live.keys()];
}
