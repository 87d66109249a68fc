import type { DiffSeries } from '../diff/index.js';
import type { TreeContext } from './pipeline.js';
import { UsageError } from './types.js';

export interface TreeCliOptions {
  base?: string;
  checkpatch?: boolean;
}

/** Kernel-tree context for each series; wired to src/tree once it lands. */
export function treeOption(dir: string, _opts: TreeCliOptions): (series: DiffSeries) => Promise<TreeContext | undefined> {
  return async () => {
    throw new UsageError(`--tree ${dir}: kernel-tree analysis is not built yet`);
  };
}
