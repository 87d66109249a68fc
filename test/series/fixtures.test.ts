import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries, type Series } from '../../src/series/index.js';
import { FIXTURES, readMbox } from './helpers.js';

async function run(name: string, allVersions = true) {
  return assembleSeries(await readMbox(path.join(FIXTURES, `${name}.mbox`)), { allVersions });
}

function shape(s: Series): string {
  const idx = [...(s.cover ? [0] : []), ...s.patches.map((p) => p.index)].join(' ');
  const replies = [...(s.cover ? [s.cover.replies.length] : []), ...s.patches.map((p) => p.replies.length)].join('');
  return `${s.id} [${idx}] replies ${replies}${s.missing.length ? ` missing ${s.missing.join(' ')}` : ''}`;
}

describe('series fixtures', () => {
  it('missing patch: 2/3 absent → missing and one warning naming input, line and Message-ID', async () => {
    const r = await run('missing-patch');
    expect(r.series.map(shape)).toEqual(['widget: stop leaking v1 [0 1 3] replies 000 missing 2']);
    expect(r.series[0].diagnostics).toEqual([{
      severity: 'warning', message: 'thread incomplete: "widget: stop leaking" v1 lacks patch 2/3',
      input: 'missing-patch.mbox', inputLine: 2, messageId: 'c3@x',
    }]);
    expect(r.series[0].baseCommit).toBe('0123456789abcdef0123456789abcdef01234567');
  });

  it('two versions in one file: kept apart, replies on the right version, newest by default', async () => {
    const r = await run('two-versions');
    expect(r.series.map(shape)).toEqual([
      'widget: stop leaking v1 [0 1 2] replies 001',
      'widget: stop leaking v2 [0 1 2] replies 020',
    ]);
    const v2 = r.series[1];
    expect(v2.patches[0].replies.map((x) => x.messageId)).toEqual(['r2@x', 'r3@x']);
    expect(v2.patches[0].replies[0].trailers.map((t) => t.name)).toEqual(['Reviewed-by']);
    expect(v2.patches[0].replies[0].comments[0].quoted).toEqual(['-\tr = old_call(1);', '+\tr = new_call(1);']);
    expect((await run('two-versions', false)).series.map((s) => s.id)).toEqual(['widget: stop leaking v2']);
  });

  it('duplicates: the second copy of a patch and of a reply are reported and ignored', async () => {
    const r = await run('duplicates');
    expect(r.series.map(shape)).toEqual(['widget: first v1 [1 2] replies 10']);
    expect(r.series[0].diagnostics.map((d) => [d.severity, d.inputLine, d.messageId])).toEqual([
      ['warning', 54, 'd2@x'], ['warning', 95, 'dr@x'],
    ]);
  });

  it('out of order: reply first, then 3, 1, cover, 2 → one series, reply on patch 2', async () => {
    const r = await run('out-of-order');
    expect(r.series.map(shape)).toEqual(['widget: stop leaking v1 [0 1 2 3] replies 0010']);
    expect(r.series[0].diagnostics.map((d) => d.message)).toEqual([
      'patch 1/3 arrived after patch 3', 'cover letter arrived after its patches', 'patch 2/3 arrived after patch 3',
    ]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['reply "Re: [PATCH 2/3] widget: second" was read before the mail it answers']);
  });

  it('format-patch output without Message-IDs: runs of 1/M..M/M per author, a second run is the next revision', async () => {
    const r = await run('format-patch-no-msgid');
    expect(r.series.map(shape)).toEqual([
      'widget: first v1 [1 2] replies 00',
      'widget: first v2 [1 2] replies 00',
      'gadget: unrelated fix v1 [1] replies 0',
    ]);
    expect(r.series[1].patches.map((p) => p.ordinal)).toEqual([3, 4]);
    expect(r.series[1].diagnostics).toEqual([expect.objectContaining({ messageId: '#3', inputLine: 50 })]);
    expect(r.series[0].patches[1].diffText).toContain('+\tr = new_call(2);');
    expect(r.series[1].patches[1].diffText).toContain('+\tr = new_call(12);');
  });

  it('a pull request and a reply to nothing become diagnostics; a lone [PATCH] is a series of one', async () => {
    const r = await run('not-patches');
    expect(r.series.map(shape)).toEqual(['widget: single v1 [1] replies 0']);
    expect(r.diagnostics.map((d) => [d.severity, d.messageId, d.inputLine])).toEqual([['info', 'pull@x', 2], ['info', 'lost@x', 18]]);
    expect(r.diagnostics[0].message).toMatch(/pull request/);
    expect(r.messages).toBe(3);
  });

  it('patch line numbers point into the input when the body is unencoded', async () => {
    const p = (await run('missing-patch')).series[0].patches[0];
    expect(p.bodyLine).toBeDefined();
    const lines = (await import('node:fs')).readFileSync(path.join(FIXTURES, 'missing-patch.mbox'), 'utf8').split('\n');
    expect(lines[(p.bodyLine ?? 0) + p.diffBodyLine - 1]).toBe(p.diffText.split('\n')[0]);
  });
});
