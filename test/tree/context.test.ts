import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveWorktrees, openTree, seriesTreeContext, type KernelTree } from '../../src/tree/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatchDir } from './format-patch.js';

let tree: KernelTree;
beforeAll(async () => {
  tree = await openTree(ensureKernelTree());
});

describe('seriesTreeContext', () => {
  it('gives facts of the base, per-patch sources, checkpatch findings and a live diagnostics list', async () => {
    const series = readFormatPatchDir(path.join(REPO, 'fixtures/tree/gmem-nodirectmap'));
    const ctx = await seriesTreeContext(tree, series, { checkpatch: true });
    try {
      expect(ctx.facts.kernel).toMatch(/^6\.12\./);
      // facts are the base's: the series' own flag is not there yet
      expect(ctx.facts.base!.numbers.some((n) => n.symbol === 'GUEST_MEMFD_FLAG_NO_DIRECT_MAP')).toBe(false);
      expect(ctx.source(series.patches[2]!)!.readFile('post', 'virt/kvm/guest_memfd.c')).toContain('kvm_gmem_free_direct_map');
      expect(ctx.checkpatch.every((f) => f.ruleId.startsWith('checkpatch/') && f.location.patchIndex >= 1)).toBe(true);
      const before = ctx.diagnostics.length;
      ctx.source(series.patches[0]!)!.readFile('pre', '../x');
      expect(ctx.diagnostics.length).toBe(before + 1);
    } finally {
      await ctx.dispose();
    }
    expect(liveWorktrees()).toEqual([]);
  });
});
