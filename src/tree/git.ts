import { simpleGit, type SimpleGit } from 'simple-git';

/** Identity for the commits `git am` makes in throw-away worktrees; simple-git strips GIT_* env. */
export const COMMITTER = ['-c', 'user.name=pmreview', '-c', 'user.email=pmreview@localhost'];

export function gitAt(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, maxConcurrentProcesses: 4 });
}

/**
 * simple-git resolves `raw` when git exits non-zero with nothing on stderr
 * (ANCHORS.md §4), so a revision is only trusted when git printed one.
 */
export async function resolveRev(git: SimpleGit, rev: string): Promise<string | undefined> {
  if (!/^[\w./@^~{}-]+$/.test(rev) || rev.startsWith('-')) return undefined;
  try {
    const out = (await git.raw(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** A blob's text at a commit, or undefined when the path is not a file there. */
export async function showBlob(git: SimpleGit, commit: string, file: string): Promise<string | undefined> {
  try {
    const type = (await git.raw(['cat-file', '-t', `${commit}:${file}`])).trim();
    if (type !== 'blob') return undefined;
    return await git.raw(['show', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
