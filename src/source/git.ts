import fs from 'node:fs';
import type { SimpleGit } from 'simple-git';
import { InputError, type Source } from './types.js';

function gitMessage(e: unknown): string {
  const text = (e as Error).message ?? String(e);
  const line = text.split('\n').map((l) => l.trim()).find((l) => /^(fatal|error):/.test(l)) ?? text.split('\n')[0]!.trim();
  return line || 'git failed';
}

/**
 * Resolves one side of a range to a commit. `rev-parse --verify` without
 * --quiet so that git writes its reason to stderr (simple-git only rejects
 * when there is stderr), and the answer is checked to be an object name
 * anyway: raw() can resolve without error when git fails (ANCHORS.md §4).
 */
async function commitOf(git: SimpleGit, name: string, rev: string): Promise<string> {
  let out: string;
  try {
    out = (await git.raw(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch (e) {
    throw new InputError(name, `${rev}: ${gitMessage(e)}`);
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out)) throw new InputError(name, `${rev}: not a commit${out ? ` (git said: ${out.split('\n')[0]})` : ''}`);
  return out;
}

/**
 * `--git A..B`: the range as `git format-patch --stdout` text. The range is
 * checked when the source is opened so that a typo is an InputError before
 * any review starts; the patches are produced when the stream is read.
 */
export async function gitRangeSource(range: string, repo: string, maxBytes: number): Promise<Source> {
  const name = `git:${range}`;
  const m = /^([^.\s][^\s]*?)?\.\.(?!\.)([^\s]*)$/.exec(range);
  if (!m) throw new InputError(name, 'expected a range A..B');
  if (!fs.existsSync(repo) || !fs.statSync(repo).isDirectory()) throw new InputError(name, `repository ${repo} is not a directory`);
  let git: SimpleGit;
  try {
    // loaded here: most runs read files, and simple-git costs ~25 ms of start-up
    const { simpleGit } = await import('simple-git');
    git = simpleGit({ baseDir: repo });
  } catch (e) {
    throw new InputError(name, gitMessage(e));
  }
  const from = await commitOf(git, name, m[1] || 'HEAD');
  const to = await commitOf(git, name, m[2] || 'HEAD');
  return {
    name,
    kind: 'git',
    async *stream() {
      let text: string;
      try {
        text = await git.raw(['format-patch', '--stdout', `${from}..${to}`]);
      } catch (e) {
        throw new InputError(name, gitMessage(e));
      }
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length > maxBytes) throw new InputError(name, `format-patch output exceeds --max-input-bytes (${maxBytes})`);
      if (bytes.length) yield bytes;
    },
  };
}
