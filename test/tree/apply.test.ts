import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applySeries, liveWorktrees, openTree, TreeError, type AppliedSeries, type KernelTree } from '../../src/tree/index.js';
import type { DiffPatch, DiffSeries } from '../../src/diff/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatchDir } from './format-patch.js';

const SERIES_DIR = path.join(REPO, 'fixtures/tree/gmem-nodirectmap');
let dir: string;
let tree: KernelTree;
const open: AppliedSeries[] = [];

beforeAll(async () => {
  dir = ensureKernelTree();
  tree = await openTree(dir);
});

afterEach(async () => {
  for (const a of open.splice(0)) await a.dispose();
});

async function apply(series: DiffSeries): Promise<AppliedSeries> {
  const applied = await applySeries(tree, series);
  open.push(applied);
  return applied;
}

function worktrees(): string {
  return execFileSync('git', ['-C', dir, 'worktree', 'list', '--porcelain'], { encoding: 'utf8' });
}

/** Every added or context line of the hunks must be the same line of the whole post-image file. */
function expectLinesMatch(patch: DiffPatch, post: string, file: string): void {
  const lines = post.split('\n');
  const fd = patch.files.find((f) => f.path === file)!;
  let checked = 0;
  for (const h of fd.hunks) {
    for (const l of h.lines) {
      if (l.kind === 'del') continue;
      expect(lines[l.newLine! - 1], `${file}:${l.newLine}`).toBe(l.text);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(5);
}

describe('applySeries on the 6.12 tree', () => {
  it('applies the three-patch series on its base-commit and serves whole files per patch', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    expect(series.patches).toHaveLength(3);
    const applied = await apply(series);
    expect(applied.baseChoice).toBe('base-commit');
    expect(applied.diagnostics.map((d) => d.message).join('\n')).toMatch(/applied on its base-commit/);
    expect(applied.kernel).toMatch(/^6\.12\.\d+$/);
    expect(applied.patches.map((p) => p.applied)).toEqual([true, true, true]);
    expect(applied.patches[1]!.parent).toBe(applied.patches[0]!.commit);
    expect(existsSync(applied.worktree)).toBe(true);
    expect(worktrees()).toContain(applied.worktree);

    const [p1, p2, p3] = series.patches as [DiffPatch, DiffPatch, DiffPatch];
    const src1 = applied.source(p1)!;
    expect(src1.readFile('pre', 'include/linux/pagemap.h')).not.toContain('AS_NO_DIRECT_MAP');
    expectLinesMatch(p1, src1.readFile('post', 'include/linux/pagemap.h')!, 'include/linux/pagemap.h');

    const src3 = applied.source(p3)!;
    const pre = src3.readFile('pre', 'virt/kvm/guest_memfd.c')!;
    const post = src3.readFile('post', 'virt/kvm/guest_memfd.c')!;
    // pre of patch 3 is the tree after patch 2, not the base
    expect(pre).toContain('GUEST_MEMFD_FLAG_NO_DIRECT_MAP');
    expect(pre).not.toContain('set_direct_map_invalid_noflush');
    expectLinesMatch(p3, post, 'virt/kvm/guest_memfd.c');
    // the whole function, including lines no hunk shows
    const fn = /static struct folio \*kvm_gmem_get_folio\([^)]*\)\n\{\n[\s\S]*?\n\}\n/.exec(post)?.[0] ?? '';
    expect(fn).toContain('set_direct_map_invalid_noflush(folio_page(folio, 0));');
    expect(fn).toContain('flush_tlb_kernel_range(');
    expect(fn.trimEnd().endsWith('return folio;\n}')).toBe(true);
    // a file the patch does not touch is still readable, a missing one is not
    expect(src3.readFile('post', 'include/uapi/linux/kvm.h')).toContain('GUEST_MEMFD_FLAG_NO_DIRECT_MAP');
    expect(src3.readFile('post', 'virt/kvm/no-such-file.c')).toBeUndefined();
    expect(applied.source(p2)!.readFile('post', 'include/uapi/linux/kvm.h')).toContain('#define GUEST_MEMFD_FLAG_NO_DIRECT_MAP\t(1ULL << 0)');

    await applied.dispose();
    expect(existsSync(applied.worktree)).toBe(false);
    expect(worktrees()).not.toContain(applied.worktree);
    expect(liveWorktrees()).not.toContain(applied.worktree);
    // objects stay in the repository, so sources still answer after dispose
    expect(src3.readFile('post', 'virt/kvm/guest_memfd.c')).toBe(post);
  });

  it('stops at a patch whose context changed: git says why, earlier patches keep their sources', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    const p2 = series.patches[1]!;
    const context = ' \tmapping_set_inaccessible(inode->i_mapping);\n';
    expect(p2.diffText).toContain(context);
    p2.diffText = p2.diffText.replace(context, ' \tmapping_set_inaccessible(inode->i_mapping); /* reworded upstream */\n');
    const applied = await apply(series);
    expect(applied.patches.map((p) => p.applied)).toEqual([true, false, false]);
    const diag = applied.diagnostics.find((d) => d.severity === 'warning' && /does not apply/.test(d.message));
    expect(diag?.message).toMatch(/^patch 2\/3 "KVM: guest_memfd: add GUEST_MEMFD_FLAG_NO_DIRECT_MAP" does not apply/);
    expect(diag?.message).toMatch(/error: .*(patch failed: virt\/kvm\/guest_memfd\.c|does not apply)/);
    expect(diag?.message).toMatch(/hunks only/);
    expect(diag?.input).toBe(p2.input);
    expect(applied.patches[1]!.reason).toBeTruthy();
    expect(applied.source(series.patches[0]!)?.readFile('post', 'include/linux/pagemap.h')).toContain('AS_NO_DIRECT_MAP = 9');
    expect(applied.source(p2)).toBeUndefined();
    expect(applied.source(series.patches[2]!)).toBeUndefined();
    // git am was aborted: the worktree is left at patch 1 with nothing in progress
    const amDir = execFileSync('git', ['-C', applied.worktree, 'rev-parse', '--git-path', 'rebase-apply'], { encoding: 'utf8' }).trim();
    expect(existsSync(path.resolve(applied.worktree, amDir))).toBe(false);
    expect(execFileSync('git', ['-C', applied.worktree, 'diff', '--cached', '--name-only'], { encoding: 'utf8' })).toBe('');
    expect(execFileSync('git', ['-C', applied.worktree, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(applied.patches[0]!.commit);
    await applied.dispose();
    expect(existsSync(applied.worktree)).toBe(false);
  });

  it('says which base it used when the series names none or one the tree lacks', async () => {
    const none = readFormatPatchDir(SERIES_DIR);
    none.baseCommit = undefined;
    const a = await apply(none);
    expect(a.baseChoice).toBe('HEAD');
    expect(a.diagnostics[0]!.message).toMatch(/no base-commit given; applied on HEAD [0-9a-f]{12}/);

    const unknown = readFormatPatchDir(SERIES_DIR);
    unknown.baseCommit = '0123456789abcdef0123456789abcdef01234567';
    const b = await apply(unknown);
    expect(b.diagnostics[0]).toMatchObject({ severity: 'warning' });
    expect(b.diagnostics[0]!.message).toMatch(/base-commit 0123456789ab\w* is not in the tree/);
    expect(b.patches.every((p) => p.applied)).toBe(true);
  });

  it('uses --base when given and refuses a revision the tree does not have', async () => {
    const t = await openTree(dir, { base: 'v6.12-debian' });
    expect(t.baseChoice).toBe('option');
    await expect(openTree(dir, { base: 'no-such-rev' })).rejects.toThrow(TreeError);
    await expect(openTree(dir, { base: '--output=/tmp/x' })).rejects.toThrow(/not a commit/);
    const plain = mkdtempSync(path.join(os.tmpdir(), 'pmreview-notgit-'));
    try {
      await expect(openTree(plain)).rejects.toThrow(/not a git repository/);
      await expect(openTree(path.join(plain, 'missing'))).rejects.toThrow(TreeError);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

/** A commit on top of the base whose guest_memfd.c differs in one context line of patch 2: only a 3-way merge applies it. */
function baseWithChangedContext(): string {
  const git = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): string =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', input: opts.input, env: { ...process.env, ...opts.env } }).trim();
  const file = 'virt/kvm/guest_memfd.c';
  const text = git(['show', `v6.12-debian:${file}`]) + '\n';
  const changed = text.replace('\tinode->i_size = size;\n', '\tinode->i_size = size; /* bytes */\n');
  expect(changed).not.toBe(text);
  const blob = git(['hash-object', '-w', '--stdin'], { input: changed });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pmreview-index-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_AUTHOR_DATE: '2025-01-02T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-02T00:00:00Z' };
    git(['read-tree', 'v6.12-debian'], { env });
    git(['update-index', '--cacheinfo', `100644,${blob},${file}`], { env });
    const treeId = git(['write-tree'], { env });
    return git(['commit-tree', treeId, '-p', 'v6.12-debian', '-m', 'context changed'], { env });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('three-way fallback', () => {
  it('applies a patch whose context moved on, using the blobs its index line names', async () => {
    const base = baseWithChangedContext();
    const series = readFormatPatchDir(SERIES_DIR);
    series.baseCommit = undefined;
    const onChanged = await openTree(dir, { base });
    const applied = await applySeries(onChanged, series);
    open.push(applied);
    expect(applied.base).toBe(base);
    expect(applied.patches.map((p) => p.applied)).toEqual([true, true, true]);
    const post = applied.source(series.patches[1]!)!.readFile('post', 'virt/kvm/guest_memfd.c')!;
    expect(post).toContain('\tinode->i_size = size; /* bytes */\n\tmapping_set_gfp_mask(inode->i_mapping, GFP_HIGHUSER);\n\tmapping_set_inaccessible(inode->i_mapping);\n\tif (flags & GUEST_MEMFD_FLAG_NO_DIRECT_MAP)\n');
  });
});

describe('path safety of tree sources', () => {
  it('refuses .. and absolute paths and symlinks leading outside, with a diagnostic, never reading', async () => {
    const series = readFormatPatchDir(SERIES_DIR);
    const applied = await apply(series);
    const src = applied.source(series.patches[2]!)!;
    expect(src.readFile('post', '../../etc/passwd')).toBeUndefined();
    expect(src.readFile('pre', '/etc/passwd')).toBeUndefined();
    expect(src.readFile('post', 'virt/kvm/../../../etc/passwd')).toBeUndefined();

    symlinkSync('/etc/passwd', path.join(applied.worktree, 'virt/kvm/evil.c'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'pmreview-outside-'));
    writeFileSync(path.join(outside, 'secret.h'), 'secret\n');
    symlinkSync(outside, path.join(applied.worktree, 'include/evil-dir'));
    mkdirSync(path.join(applied.worktree, 'include/ok'), { recursive: true });
    try {
      expect(src.readFile('post', 'virt/kvm/evil.c')).toBeUndefined();
      expect(src.readFile('post', 'include/evil-dir/secret.h')).toBeUndefined();
      const messages = applied.diagnostics.map((d) => d.message).join('\n');
      expect(messages).toMatch(/path "\.\.\/\.\.\/etc\/passwd" refused \('\.\.' segment\)/);
      expect(messages).toMatch(/path "\/etc\/passwd" refused \(absolute path\)/);
      expect(messages).toMatch(/path "virt\/kvm\/evil\.c" refused \(resolves outside the tree/);
      expect(messages).toMatch(/path "include\/evil-dir\/secret\.h" refused \(resolves outside the tree/);
      expect(messages).not.toMatch(/root:/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
