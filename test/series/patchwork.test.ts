import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries, type AssembleResult, type Series } from '../../src/series/index.js';
import { readMbox, FIXTURE_ROOT } from './helpers.js';

const DIR = path.join(FIXTURE_ROOT, 'parser/patchwork/series');

/** `title vN [0 1 2] missing 3` — 0 stands for the cover letter. */
function shape(s: Series): string {
  const idx = [...(s.cover ? [0] : []), ...s.patches.map((p) => p.index)].join(' ');
  return `${s.title} v${s.version} [${idx}]${s.missing.length ? ` missing ${s.missing.join(' ')}` : ''}`;
}

async function run(name: string, allVersions = true): Promise<AssembleResult & { shapes: string[] }> {
  const r = await assembleSeries(await readMbox(path.join(DIR, `${name}.mbox`)), { allVersions });
  return { ...r, shapes: r.series.map(shape) };
}

const SAMPLE = 'A sample series';

// What each patchwork fixture's name says, as b4 would group it.
const EXPECTED: Record<string, string[]> = {
  'base-cover-letter': [`${SAMPLE} v1 [0 1 2]`],
  'base-deep-threaded': [`${SAMPLE} v1 [0 1 2]`],
  'base-different-versions': ['net: dsa: Multi-CPU ground work (v3) v3 [0 1 2 3 4]'],
  'base-extra-patches': [`${SAMPLE} v1 [0 1 2 3]`],
  'base-incomplete': [`${SAMPLE} v1 [0 1] missing 2`],
  'base-no-cover-letter': ['test: Add some lorem ipsum v1 [1 2]'],
  'base-no-references-no-cover': ['powerpc/dlpar: Correct display of hot-add/hot-remove CPUs and memory v1 [0 1 2]'],
  'base-no-references': ['net: ieee802154: remove explicit set skb->sk v2 [1 2]'],
  'base-out-of-order': [`${SAMPLE} v1 [0 1 2]`],
  'base-single-patch': ['test: Add some lorem ipsum v1 [1]'],
  'bugs-mixed-versions': ['test: Add some lorem ipsum v1 [1] missing 2', 'test: Convert to Markdown v2 [2] missing 1'],
  'bugs-multiple-content-types': ['bpf: Use PTR_ERR_OR_ZERO in xsk_map_inc() v1 [1]'],
  'bugs-multiple-references': ['PM / OPP: Minor cleanups v2 [0 1 2 3 4]'],
  'bugs-nocover-noversion': ['test: Add some lorem ipsum v1 [1 2]', 'test: Add some lorem ipsum v2 [1 2]'],
  'bugs-nocover': ['test: Add some lorem ipsum v1 [1 2]', 'test: Add some lorem ipsum v2 [1 2]'],
  'bugs-spamming': Array(3).fill('Rework tagging infrastructure v2 [1] missing 2 3 4'),
  'bugs-unnumbered': [`${SAMPLE} v1 [0 1] missing 2`, 'This is an orphaned patch! v1 [1]'],
  'dependency-base-patch': ['Add test files for testing v1 [0 1 2]'],
  'mercurial-cover-letter': ['Sample Mercurial patches v1 [0 1 2]'],
  'mercurial-no-cover-letter': ['contrib: fix check-commit to not reject commits from `hg sign` and `hg tag` v1 [1 2]'],
  'revision-basic': [`${SAMPLE} v1 [0 1 2]`, `${SAMPLE} v2 [0 1 2]`],
  'revision-no-cover-letter': [`${SAMPLE} v1 [0 1 2]`, 'test: Add some lorem ipsum v2 [1 2]'],
  'revision-out-of-order': [`${SAMPLE} v1 [0 1 2]`, `${SAMPLE} v2 [0 1 2]`],
  'revision-threaded-to-cover': [`${SAMPLE} v1 [0 1 2]`, `${SAMPLE} v2 [0 1 2]`],
  'revision-threaded-to-patch': [`${SAMPLE} v1 [0 1 2]`, `${SAMPLE} v2 [0 1 2]`],
  'revision-threaded-to-single-patch': ['test: Add some lorem ipsum v1 [1]', 'test: Add some lorem ipsum v2 [1]'],
  'revision-unlabeled-noreferences': Array(2).fill('net: ieee802154: remove explicit set skb->sk v2 [1 2]'),
  'revision-unlabeled': [`${SAMPLE} v1 [0 1 2]`, `${SAMPLE} v2 [0 1 2]`],
};

describe('patchwork series fixtures', () => {
  it.each(Object.entries(EXPECTED))('%s groups as its name says', async (name, want) => {
    const r = await run(name);
    expect(r.shapes).toEqual(want);
  });

  it('by default only the newest version of each series is returned', async () => {
    expect((await run('revision-basic', false)).shapes).toEqual([`${SAMPLE} v2 [0 1 2]`]);
    expect((await run('bugs-nocover-noversion', false)).shapes).toEqual(['test: Add some lorem ipsum v2 [1 2]']);
    expect((await run('revision-unlabeled-noreferences', false)).shapes).toHaveLength(1);
  });

  it('reports what is odd, with input, line and Message-ID', async () => {
    const incomplete = await run('base-incomplete');
    expect(incomplete.series[0].diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', input: 'base-incomplete.mbox', inputLine: 2, messageId: '1473632524-8585-1-git-send-email-stephenfinucane@gmail.com' }),
    ]);
    const extra = await run('base-extra-patches');
    expect(extra.series[0].diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('3/2 is outside')]);
    const ooo = await run('base-out-of-order');
    expect(ooo.series[0].diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('patch 1/2 arrived after patch 2'), 'cover letter arrived after its patches',
    ]);
    const spam = await run('bugs-spamming');
    expect(spam.series.flatMap((s) => s.diagnostics).filter((d) => /sent again/.test(d.message))).toHaveLength(2);
  });

  it('a reply to a single patch is attached to it, not made a patch', async () => {
    const r = await run('bugs-multiple-content-types');
    expect(r.series[0].patches[0].replies.map((x) => x.author.address)).toEqual(['bjorn.topel@intel.com']);
  });
});
