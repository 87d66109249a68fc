import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries, type Series } from '../../src/series/index.js';
import { readMbox, FIXTURE_ROOT } from './helpers.js';

const DIR = path.join(FIXTURE_ROOT, 'parser/b4');

async function run(name: string) {
  return assembleSeries(await readMbox(path.join(DIR, `${name}.mbox`)), { allVersions: true });
}

/** Per mail (0 = cover), the follow-up trailers of each reply as `Name: address`. */
function followups(s: Series): Record<number, string[][]> {
  const of = (replies: { trailers: { name: string; value: string; person?: { address: string } }[] }[]) =>
    replies.map((r) => r.trailers.map((t) => `${t.name}: ${t.person?.address ?? t.value}`));
  const out: Record<number, string[][]> = {};
  if (s.cover) out[0] = of(s.cover.replies);
  for (const p of s.patches) out[p.index] = of(p.replies);
  return out;
}

const R1 = 'Reviewed-by: followup-reviewer1@example.com';
const T2 = 'Tested-by: followup-reviewer2@example.com';
const MISMATCH = 'Reviewed-by: mismatched-reviewer1@example.net';

// Follow-up trailers stay on the reply that gave them (b4 refuses mismatched ones at apply time, not here).
const FOLLOWUPS: Record<string, Record<number, string[][]>> = {
  'trailers-followup-single': { 1: [[R1], [T2], [MISMATCH]] },
  'trailers-followup-bare-address': { 1: [[R1], [T2], [MISMATCH]] },
  'trailers-followup-custody': { 1: [[R1], [T2]] },
  'trailers-followup-htmljunk': { 1: [['Reviewed-by: html-junker@example.com']] },
  'trailers-followup-name-parens': { 1: [[R1], [T2], [MISMATCH], ['Tested-by: followup-tester1@example.com'], ['Tested-by: followup-tester2@example.com']] },
  'trailers-followup-nore': { 1: [[R1]] },
  'trailers-followup-stripped-lines': { 1: [[R1]] },
  'trailers-followup-with-diffstat': { 1: [[R1]] },
  'trailers-followup-non-git-patch': { 1: [[R1]] },
  'trailers-followup-non-git-patch-with-comments': { 1: [[R1]] },
  // The reviewer only re-lists, indented, trailers the patch already has.
  'trailers-followup-already-present': { 1: [[], ['Tested-by: someone-else@example.com']] },
  'trailers-followup-with-cover': { 0: [[R1]], 1: [], 2: [[R1]] },
  'trailers-thread-with-followups': { 0: [], 1: [], 2: [], 3: [], 4: [['Reviewed-by: follow.upper@example.org']] },
  'trailers-thread-with-cover-followup': {
    0: [['Reviewed-by: cover.upper@example.org']], 1: [], 2: [], 3: [],
    4: [['Tested-by: follow.upper@example.org', 'Link: https://example.org', 'Closes: https://example.org/bug/1234']],
  },
};

describe('b4 fixtures', () => {
  it.each(Object.entries(FOLLOWUPS))('%s: follow-up trailers attached to the mail they answer', async (name, want) => {
    const r = await run(name);
    expect(r.series).toHaveLength(1);
    expect(followups(r.series[0])).toEqual(want);
  });

  it('a hand-written diff (no `diff --git`) is still a patch, with its diff cut before the signature', async () => {
    const p = (await run('trailers-followup-non-git-patch')).series[0].patches[0];
    expect(p.diffText.split('\n')[0]).toBe('--- a/b4/junk.py');
    expect(p.diffText).not.toMatch(/wong\.fu/);
    expect(p.trailers.map((t) => t.name)).toEqual(['Fixes', 'Reviewed-by', 'Link', 'Signed-off-by']);
  });

  it('partial reroll: v3 re-sends only 2/2 in reply to v2 2/2 and takes 1/2 from v2', async () => {
    const r = await run('trailers-followup-partial-reroll');
    expect(r.series.map((s) => s.id)).toEqual(['Simple cover v2', 'Simple cover v3']);
    const [v2, v3] = r.series;
    expect(v3.missing).toEqual([]);
    expect(v3.patches.map((p) => p.messageId)).toEqual(['patch-1-message@example.com', 'patch-v3-2-message@example.com']);
    expect(v3.diagnostics.map((d) => d.message)).toEqual(['partial reroll: patch 1/2 taken from v2']);
    expect(v2.patches[1].replies).toHaveLength(1);
    const newest = await assembleSeries(await readMbox(path.join(DIR, 'trailers-followup-partial-reroll.mbox')));
    expect(newest.series.map((s) => s.id)).toEqual(['Simple cover v3']);
  });

  it('naked cover: a same-author thread root without diff is the cover', async () => {
    const r = await run('naked-cover-single');
    expect(r.series).toHaveLength(1);
    expect(r.series[0].id).toBe('do a thing to the widget subsystem v1');
    expect(r.series[0].cover?.messageId).toBe('20221025-widget-v1-0-author@example.org');
    expect(r.diagnostics).toEqual([]);
  });

  it('naked cover from another author (a bug report) is not a cover; it is reported as not a patch', async () => {
    const r = await run('naked-cover-bugreport');
    expect(r.series.map((s) => [s.id, s.cover])).toEqual([['widget: fix data corruption under load v1', null]]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'info', input: 'naked-cover-bugreport.mbox', inputLine: 2, messageId: '20221025-bugreport-widget@example.com' }),
    ]);
    expect(r.diagnostics[0].message).toMatch(/not a patch/);
  });

  it('shazam threads: cover + 4 with base-commit and change-id from the cover', async () => {
    for (const name of ['shazam-git1-just-series', 'shazam-git1-with-link']) {
      const s = (await run(name)).series[0];
      expect(s).toMatchObject({ id: 'This is a cover for test series 1 v1', total: 4, missing: [] });
      expect(s.baseCommit).toBe('f435c12df7c0ecf20ab8937859e63cddffacabb4');
      expect(s.changeId).toBe('20221025-test1-e8520c2200a3');
    }
  });
});
