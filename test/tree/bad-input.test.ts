import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applySeries, openTree, type AppliedSeries, type KernelTree } from '../../src/tree/index.js';
import type { DiffSeries } from '../../src/diff/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatchDir } from './format-patch.js';

const SERIES_DIR = path.join(REPO, 'fixtures/tree/gmem-nodirectmap');
let tree: KernelTree;
const open: AppliedSeries[] = [];

beforeAll(async () => {
  tree = await openTree(ensureKernelTree());
});

afterEach(async () => {
  for (const a of open.splice(0)) await a.dispose();
});

async function apply(series: DiffSeries): Promise<AppliedSeries> {
  const a = await applySeries(tree, series);
  open.push(a);
  return a;
}

describe('patches git am refuses', () => {
  it('an empty patch (git am exits 128, simple-git may still resolve) becomes a diagnostic', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    series.patches[0]!.diffText = '';
    series.patches[0]!.files = [];
    const a = await apply(series);
    expect(a.patches.map((p) => p.applied)).toEqual([false, false, false]);
    const d = a.diagnostics.find((x) => /does not apply/.test(x.message));
    expect(d?.message).toMatch(/^patch 1\/3 .*: .*empty/i);
    expect(a.source(series.patches[0]!)).toBeUndefined();
  });

  it('a diff that names a path outside the tree is refused by git and never written', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    const p = series.patches[0]!;
    p.diffText = p.diffText.replaceAll('include/linux/pagemap.h', '../../pmreview-escape.h');
    const a = await apply(series);
    expect(a.patches[0]!.applied).toBe(false);
    expect(a.patches[0]!.reason).toMatch(/invalid path|outside|beyond a symbolic link|\.\./);
    expect(existsSync(path.resolve(a.worktree, '../../pmreview-escape.h'))).toBe(false);
    expect(existsSync(path.resolve(tree.dir, '../../pmreview-escape.h'))).toBe(false);
  });

  it('a series with no patches gives an empty result, not an error', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    series.patches = [];
    const a = await apply(series);
    expect(a.patches).toEqual([]);
    expect(a.kernel).toMatch(/^6\.12\./);
  });
});
