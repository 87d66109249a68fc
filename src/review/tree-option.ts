import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiffSeries } from '../diff/index.js';
import { isMainThread } from 'node:worker_threads';
import type { KernelTree } from '../tree/index.js';
import type { TreeContext } from './series.js';
import type { TreeSpec } from './types.js';
import { UsageError } from '../common/index.js';

/**
 * `--tree DIR`: the tree is opened once (a bad tree or --base is a usage
 * error), then each series is applied in its own temporary worktree. The
 * run's scratch directory is owned by the main thread (see tree/cleanup.ts):
 * made on first use when `spec.scratch` is absent.
 */
export function treeOption(spec: TreeSpec): (series: DiffSeries) => Promise<TreeContext | undefined> {
  const { dir } = spec;
  let tree: Promise<KernelTree> | undefined;
  return async (series) => {
    // A subdirectory of some other repository would make git apply the series there.
    if (!existsSync(path.join(dir, '.git')) || !/^VERSION\s*=/m.test(readMakefile(dir))) {
      throw new UsageError(`--tree ${dir}: not the top of a kernel git tree (needs .git and a Makefile with VERSION =)`);
    }
    // the tree stage (and simple-git) is loaded only when --tree is given
    const { openTree, seriesTreeContext, TreeError, ownScratch, useScratch } = await import('../tree/index.js');
    if (spec.scratch) useScratch(spec.scratch);
    else if (isMainThread) spec.scratch = ownScratch(dir);
    tree ??= openTree(dir, { base: spec.base }).catch((e: unknown) => {
      if (e instanceof TreeError) throw new UsageError(`--tree ${dir}: ${e.message}`);
      throw e;
    });
    const ctx = await seriesTreeContext(await tree, series, { checkpatch: spec.checkpatch });
    return { facts: ctx.facts, source: ctx.source, diagnostics: ctx.diagnostics, findings: ctx.checkpatch, dispose: ctx.dispose };
  };
}

function readMakefile(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'Makefile'), 'utf8');
  } catch {
    return '';
  }
}
