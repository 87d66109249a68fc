import { realpath } from 'node:fs/promises';
import type { Diagnostic } from '../common/index.js';
import type { DiffSeries } from '../diff/index.js';
import { errorText, gitAt, resolveRev } from './git.js';
import type { BaseChoice, KernelTree } from './types.js';

export interface OpenTreeOptions {
  /** `--base REV`: used when the series names no base-commit the tree has. */
  base?: string;
}

export class TreeError extends Error {}

/** Opens a kernel git tree. Throws TreeError when `dir` is not a usable git repository (a usage error, not bad input). */
export async function openTree(dir: string, opts: OpenTreeOptions = {}): Promise<KernelTree> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    throw new TreeError(`--tree ${dir}: ${errorText(err)}`, { cause: err });
  }
  const git = gitAt(real);
  let top: string;
  try {
    top = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch (err) {
    throw new TreeError(`--tree ${dir}: not a git repository (${errorText(err).trim()})`, { cause: err });
  }
  if (!top) throw new TreeError(`--tree ${dir}: not a git repository`);
  const diagnostics: Diagnostic[] = [];
  let base: string | undefined;
  let baseChoice: BaseChoice = 'HEAD';
  if (opts.base) {
    base = await resolveRev(git, opts.base);
    if (!base) throw new TreeError(`--base ${opts.base}: not a commit in ${dir}`);
    baseChoice = 'option';
  } else {
    base = await resolveRev(git, 'HEAD');
    if (!base) throw new TreeError(`--tree ${dir}: the repository has no HEAD commit`);
  }
  return { dir: await realpath(top), base, baseChoice, diagnostics };
}

/**
 * The commit a series is applied to: its `base-commit:` when the tree has
 * it (as b4 does), else the tree's base. Says which, as a Diagnostic.
 */
export async function chooseBase(tree: KernelTree, series: Pick<DiffSeries, 'baseCommit' | 'id'>): Promise<{ base: string; choice: BaseChoice; diagnostic: Diagnostic }> {
  const input = `tree:${tree.dir}`;
  if (series.baseCommit) {
    const found = await resolveRev(gitAt(tree.dir), series.baseCommit);
    if (found) {
      return { base: found, choice: 'base-commit', diagnostic: { severity: 'info', input, message: `${series.id}: applied on its base-commit ${series.baseCommit}` } };
    }
    const fallback = tree.baseChoice === 'option' ? 'the --base revision' : 'HEAD';
    return {
      base: tree.base,
      choice: tree.baseChoice,
      diagnostic: { severity: 'warning', input, message: `${series.id}: base-commit ${series.baseCommit} is not in the tree; applied on ${fallback} ${tree.base.slice(0, 12)} instead` },
    };
  }
  const what = tree.baseChoice === 'option' ? 'the --base revision' : 'HEAD';
  return { base: tree.base, choice: tree.baseChoice, diagnostic: { severity: 'info', input, message: `${series.id}: no base-commit given; applied on ${what} ${tree.base.slice(0, 12)}` } };
}
