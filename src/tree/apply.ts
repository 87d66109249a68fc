import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import type { Diagnostic } from '../common/index.js';
import type { DiffPatch, DiffSeries } from '../diff/index.js';
import { scratchDir, stopIfAsked, trackWorktree, untrackWorktree } from './cleanup.js';
import { COMMITTER, errorText, gitAt, resolveRev, showBlob } from './git.js';
import { kernelVersionFromMakefile } from './makefile.js';
import { patchMailText } from './mail-text.js';
import { chooseBase } from './open.js';
import { checkTreePath, lexicalTreePath } from './paths.js';
import type { AppliedSeries, KernelTree, PatchApplication, TreeSource } from './types.js';

/**
 * Applies a series in a throw-away worktree, patch by patch with
 * `git am --3way` as `b4 shazam` does. A patch that does not apply stops the
 * run (later patches depend on it): it and the rest are reviewed from their
 * hunks only, and a Diagnostic gives git's reason.
 */
export async function applySeries(tree: KernelTree, series: DiffSeries): Promise<AppliedSeries> {
  const diagnostics: Diagnostic[] = [];
  const { base, choice, diagnostic } = await chooseBase(tree, series);
  diagnostics.push(diagnostic);
  stopIfAsked();
  const scratch = await mkdtemp(path.join(scratchDir(), 'pmreview-am-'));
  const worktree = await realpath(await mkdtemp(path.join(scratchDir(), 'pmreview-wt-')));
  trackWorktree(worktree, tree.dir);
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    const git = gitAt(tree.dir);
    try {
      await git.raw(['worktree', 'remove', '--force', worktree]);
    } catch {
      // not registered (add failed): the directory is removed below
    }
    await rm(worktree, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
    try {
      await git.raw(['worktree', 'prune']);
    } catch {
      // prune only tidies git's bookkeeping
    }
    untrackWorktree(worktree);
  };

  const patches: PatchApplication[] = [];
  const sources = new Map<DiffPatch, TreeSource>();
  let kernel: string | undefined;
  try {
    const main = gitAt(tree.dir);
    kernel = kernelVersionFromMakefile((await showBlob(main, base, 'Makefile')) ?? '');
    stopIfAsked();
    const added = await addWorktree(main, worktree, base, seriesPaths(series));
    if (added !== true) {
      diagnostics.push({ severity: 'error', input: `tree:${tree.dir}`, message: `${series.id}: cannot create a worktree at ${base.slice(0, 12)}: ${added}; every patch is reviewed from its hunks only` });
    }
    const wt = gitAt(worktree);
    let stopped: string | undefined = added === true ? undefined : 'no worktree';
    for (const [n, patch] of series.patches.entries()) {
      if (patch.index === 0) continue;
      if (stopped) {
        patches.push({ index: patch.index, applied: false, reason: stopped });
        continue;
      }
      stopIfAsked();
      const file = path.join(scratch, `${String(n).padStart(4, '0')}.patch`);
      await writeFile(file, patchMailText(patch).text);
      const result = await amOne(wt, worktree, file);
      if (result.commit) {
        patches.push({ index: patch.index, applied: true, commit: result.commit, parent: result.parent });
        sources.set(patch, makeSource(tree.dir, worktree, patch, result.parent!, result.commit, diagnostics));
        continue;
      }
      const label = `patch ${patch.index}/${patch.total} "${patch.subjectInfo?.title || patch.subject}"`;
      stopped = `patch ${patch.index} did not apply`;
      patches.push({ index: patch.index, applied: false, parent: result.parent, reason: result.reason });
      diagnostics.push({
        severity: 'warning',
        input: patch.input,
        inputLine: patch.line,
        messageId: patch.messageId,
        message: `${label} does not apply on ${base.slice(0, 12)}: ${result.reason}; it and the patches after it are reviewed from their hunks only`,
      });
    }
  } catch (err) {
    await dispose();
    throw err;
  }
  return {
    worktree,
    base,
    baseChoice: choice,
    kernel,
    patches,
    source: (patch) => sources.get(patch) ?? [...sources].find(([p]) => p.index === patch.index && p.subject === patch.subject)?.[1],
    diagnostics,
    dispose,
  };
}

/** Every path the series touches, old and new names, that passes the lexical checks. */
function seriesPaths(series: DiffSeries): string[] {
  const paths = new Set<string>();
  for (const patch of series.patches) {
    for (const f of patch.files) {
      for (const p of [f.oldPath, f.newPath]) {
        if (!p) continue;
        const check = lexicalTreePath(p);
        if (check.ok) paths.add(check.relative);
      }
    }
  }
  return [...paths];
}

/**
 * A worktree whose index has the whole base but whose disk has only the files
 * the series touches: `git am` needs nothing else, and checking out a full
 * kernel (~90k files) would cost far more than the review.
 */
async function addWorktree(git: SimpleGit, worktree: string, base: string, paths: string[]): Promise<true | string> {
  const wt = gitAt(worktree);
  try {
    await git.raw(['worktree', 'add', '--no-checkout', '--detach', worktree, base]);
    await wt.raw(['read-tree', base]);
    for (let i = 0; i < paths.length; i += 200) await wt.raw(['checkout-index', '-q', '-f', '--', ...paths.slice(i, i + 200)]);
  } catch (err) {
    return errorText(err).trim();
  }
  // raw may resolve although git failed: trust only HEAD at base and an index of the base's tree.
  const head = await resolveRev(wt, 'HEAD');
  if (head !== base) return 'git worktree add left no checkout';
  let indexTree = '';
  try {
    indexTree = (await wt.raw(['write-tree'])).trim();
  } catch {
    // judged below
  }
  let baseTree = '';
  try {
    baseTree = (await wt.raw(['rev-parse', '--verify', '--quiet', `${base}^{tree}`])).trim();
  } catch {
    // judged below
  }
  return indexTree !== '' && indexTree === baseTree ? true : 'the worktree index does not match the base';
}

interface AmResult {
  commit?: string;
  parent?: string;
  reason: string;
}

async function amOne(git: SimpleGit, worktree: string, mailFile: string): Promise<AmResult> {
  const parent = await resolveRev(git, 'HEAD');
  let output: string;
  try {
    output = await git.raw([...COMMITTER, 'am', '--3way', mailFile]);
  } catch (err) {
    output = errorText(err);
  }
  const head = await resolveRev(git, 'HEAD');
  const inProgress = await amInProgress(git, worktree);
  if (head && head !== parent && !inProgress) return { commit: head, parent, reason: '' };
  if (inProgress) {
    try {
      await git.raw(['am', '--abort']);
    } catch {
      // abort failing leaves the worktree dirty, but it is thrown away anyway
    }
  }
  return { parent, reason: gitReason(output) };
}

async function amInProgress(git: SimpleGit, worktree: string): Promise<boolean> {
  try {
    const rel = (await git.raw(['rev-parse', '--git-path', 'rebase-apply'])).trim();
    return rel !== '' && existsSync(path.resolve(worktree, rel));
  } catch {
    return false;
  }
}

/** git's own words, without the advice lines am prints after a failure. */
export function gitReason(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(hint:|Applying:|Using index info|When you have resolved|If you prefer|To restore the original|Patch failed at|Falling back to patching|Use 'git am)/.test(l));
  const errors = lines.filter((l) => /^(error|fatal):/.test(l) || /^CONFLICT/.test(l));
  const chosen = errors.length > 0 ? errors : lines;
  return chosen.slice(0, 4).join('; ') || 'git am failed without a message';
}

function makeSource(repo: string, worktree: string, patch: DiffPatch, parent: string, commit: string, diagnostics: Diagnostic[]): TreeSource {
  const refused = new Set<string>();
  const cache = new Map<string, string | undefined>();
  return {
    readFile(side, file) {
      const root = existsSync(worktree) ? worktree : repo;
      const check = checkTreePath(root, file);
      if (!check.ok) {
        if (!refused.has(file)) {
          refused.add(file);
          diagnostics.push({ severity: 'warning', input: patch.input, inputLine: patch.line, messageId: patch.messageId, message: `patch ${patch.index}: path "${file}" refused (${check.reason}); not read from the tree` });
        }
        return undefined;
      }
      const rev = side === 'pre' ? parent : commit;
      const key = `${rev}:${check.relative}`;
      if (!cache.has(key)) cache.set(key, readBlobSync(repo, key));
      return cache.get(key);
    },
  };
}

/** TreeSource is synchronous (src/code asks while it parses); objects live in the main repo, so this works after dispose too. */
function readBlobSync(repo: string, spec: string): string | undefined {
  try {
    const type = execFileSync('git', ['-C', repo, 'cat-file', '-t', spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (type !== 'blob') return undefined;
    return execFileSync('git', ['-C', repo, 'cat-file', 'blob', spec], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
