import { describe, expect, it } from 'vitest';
import { assembleSeries } from '../../src/series/index.js';
import type { Message } from '../../src/mail/index.js';
import { DIFF, msg } from './helpers.js';

const patch = (i: number, n: number, extra: Partial<Message> = {}, tail = ''): Message =>
  msg({
    subject: `[PATCH ${i}/${n}] part ${i}`, messageId: `p${i}@x`, inReplyTo: 'c@x', references: ['c@x'],
    body: `part ${i}\n\nSigned-off-by: A Uthor <author@example.org>\n---\n${DIFF(`f${i}.c`, i)}${tail}`, ...extra,
  }, i + 1);

describe('assembleSeries details', () => {
  it('a classic cover without 0/N (diffstat, no diff) is the cover and takes the patches\' total', async () => {
    const cover = msg({ subject: '[PATCH] widget rework', messageId: 'c@x', body: 'Why.\n\n f1.c | 2 +-\n f2.c | 2 +-\n 2 files changed, 2 insertions(+), 2 deletions(-)\n' }, 1);
    const r = await assembleSeries([cover, patch(1, 2), patch(2, 2)]);
    expect(r.series).toHaveLength(1);
    expect(r.series[0]).toMatchObject({ id: 'widget rework v1', total: 2, missing: [] });
    expect(r.series[0].cover?.messageId).toBe('c@x');
  });

  it('base-commit, several prerequisite-patch-ids and change-id are read from the last patch without a cover', async () => {
    const tail = '\nbase-commit: 0123456789abcdef0123456789abcdef01234567\nprerequisite-patch-id: aaaa\nprerequisite-patch-id: bbbb\nchange-id: 20250101-widget-0123\n-- \n2.43\n';
    const p1 = patch(1, 2, { inReplyTo: undefined, references: [] });
    const r = await assembleSeries([p1, patch(2, 2, { inReplyTo: 'p1@x', references: ['p1@x'] }, tail)]);
    expect(r.series[0]).toMatchObject({
      baseCommit: '0123456789abcdef0123456789abcdef01234567', prerequisitePatchIds: ['aaaa', 'bbbb'], changeId: '20250101-widget-0123',
    });
  });

  it('an inferred version is fixed from the cover; the id uses the cover title', async () => {
    const cover = msg({ subject: '[PATCH v4 0/1] widget', messageId: 'c@x', body: 'cover\n' }, 1);
    const r = await assembleSeries([cover, patch(1, 1)]);
    expect(r.series.map((s) => [s.id, s.version])).toEqual([['widget v4', 4]]);
  });

  it('a reply without Re: but with In-Reply-To and no diff is a reply; patch diagnostics carry the Message-ID or #ordinal', async () => {
    const reply = msg({ subject: 'about part 1', messageId: 'q@x', inReplyTo: 'p1@x', references: ['c@x', 'p1@x'], body: '> +new 1\nhmm\n' }, 9);
    const noId = msg({ subject: '[PATCH 3/2] extra', body: DIFF('z.c') }, 7);
    const cover = msg({ subject: '[PATCH 0/2] w', messageId: 'c@x', body: 'c\n' }, 1);
    const r = await assembleSeries([cover, patch(1, 2), reply, noId], { allVersions: true });
    expect(r.series[0].patches[0].replies.map((x) => x.messageId)).toEqual(['q@x']);
    const all = [...r.diagnostics, ...r.series.flatMap((s) => s.diagnostics)];
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) expect(d.messageId).toMatch(/@x$|^#\d+$/);
    expect(all.some((d) => d.messageId === '#7')).toBe(true);
  });

  it('reads async iterables', async () => {
    async function* gen() {
      yield msg({ subject: '[PATCH] one', messageId: 'o@x', body: DIFF('o.c') }, 1);
    }
    const r = await assembleSeries(gen());
    expect(r.series.map((s) => s.id)).toEqual(['one v1']);
    expect(r.messages).toBe(1);
  });

  it('an archive: a same-author [PATCH] with another title is its own v1, not a reroll of the one before', async () => {
    const a = msg({ subject: '[RFC PATCH] selftests: net: flush irq', messageId: 'a1@x', body: DIFF('a.c') }, 1);
    const b = msg({ subject: '[PATCH] docs: networking: stale stats', messageId: 'b1@x', body: DIFF('b.c') }, 2);
    const c = msg({ subject: '[PATCH v2] docs: filesystems: release block', messageId: 'c1@x', body: DIFF('c.c') }, 3);
    const r = await assembleSeries([a, b, c], { allVersions: true });
    expect(r.series.map((s) => [s.title, s.version])).toEqual([
      ['selftests: net: flush irq', 1],
      ['docs: networking: stale stats', 1],
      ['docs: filesystems: release block', 2],
    ]);
    const all = [...r.diagnostics, ...r.series.flatMap((s) => s.diagnostics)];
    expect(all.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('an archive: the same [PATCH] title sent again by its author is still taken as v2', async () => {
    const a = msg({ subject: '[PATCH] docs: networking: stale stats', messageId: 'a1@x', body: DIFF('a.c') }, 1);
    const b = msg({ subject: '[PATCH] docs: networking: stale stats', messageId: 'b1@x', body: DIFF('b.c') }, 2);
    const r = await assembleSeries([a, b], { allVersions: true });
    expect(r.series.map((s) => s.version)).toEqual([1, 2]);
  });

  it('an archive: a 0/N cover does not adopt an earlier one-patch series of the same author and version', async () => {
    const single = msg({ subject: '[PATCH v3] ASoC: wm8904: teardown irq', messageId: 's1@x', body: DIFF('s.c') }, 1);
    const cover = msg({ subject: '[PATCH net v3 0/2] bnxt_en: register handling', messageId: 'c@x', body: 'cover\n' }, 2);
    const r = await assembleSeries([single, cover, patch(1, 2, { subject: '[PATCH net v3 1/2] part 1' }), patch(2, 2, { subject: '[PATCH net v3 2/2] part 2' })], { allVersions: true });
    expect(r.series.map((s) => [s.title, s.patches.length, s.missing])).toEqual([
      ['ASoC: wm8904: teardown irq', 1, []],
      ['bnxt_en: register handling', 2, []],
    ]);
    const all = [...r.diagnostics, ...r.series.flatMap((s) => s.diagnostics)];
    expect(all.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
