import type { Diagnostic } from '../common/index.js';
import type { DiffPatch, DiffSeries } from '../diff/index.js';
import type { Finding } from '../rules/index.js';
import { applySeries } from './apply.js';
import { stopIfAsked } from './cleanup.js';
import { runCheckpatch, type CheckpatchOptions } from './checkpatch.js';
import { readTreeFacts } from './facts.js';
import { patchMailText } from './mail-text.js';
import type { KernelTree, KernelTreeFacts, TreeSource } from './types.js';

export interface SeriesTreeContext {
  facts: KernelTreeFacts;
  source: (patch: DiffPatch) => TreeSource | undefined;
  diagnostics: Diagnostic[];
  /** checkpatch findings of every patch, when asked for. */
  checkpatch: Finding[];
  dispose: () => Promise<void>;
}

export interface SeriesTreeOptions {
  checkpatch?: boolean | CheckpatchOptions;
}

// Facts depend only on the base commit; several series usually share one.
const factsCache = new WeakMap<KernelTree, Map<string, Promise<KernelTreeFacts>>>();

function factsAt(tree: KernelTree, base: string): Promise<KernelTreeFacts> {
  let byBase = factsCache.get(tree);
  if (!byBase) factsCache.set(tree, (byBase = new Map()));
  let facts = byBase.get(base);
  if (!facts) byBase.set(base, (facts = readTreeFacts(tree, base)));
  return facts;
}

/**
 * Everything the review pipeline takes from a tree for one series (the
 * shape of review/series.ts TreeContext): the series applied in a worktree,
 * facts of the commit it was applied to, and optionally checkpatch.
 */
export async function seriesTreeContext(tree: KernelTree, series: DiffSeries, opts: SeriesTreeOptions = {}): Promise<SeriesTreeContext> {
  const applied = await applySeries(tree, series);
  try {
    const facts = await factsAt(tree, applied.base);
    const checkpatch: Finding[] = [];
    // The live array: refused paths are added while src/code reads sources.
    const diagnostics = applied.diagnostics;
    diagnostics.push(...facts.diagnostics.filter((d) => d.severity !== 'info'));
    if (opts.checkpatch) {
      const cpOpts = typeof opts.checkpatch === 'object' ? opts.checkpatch : {};
      for (const patch of series.patches) {
        if (patch.index === 0) continue;
        stopIfAsked();
        const r = await runCheckpatch(tree, patchMailText(patch).text, patch, cpOpts);
        checkpatch.push(...r.findings);
        diagnostics.push(...r.diagnostics);
      }
    }
    return {
      facts,
      source: applied.source,
      diagnostics,
      checkpatch,
      dispose: applied.dispose,
    };
  } catch (err) {
    await applied.dispose();
    throw err;
  }
}
