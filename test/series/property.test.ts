import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleSeries, type Series } from '../../src/series/index.js';
import type { Message } from '../../src/mail/index.js';
import { FIXTURES, readMbox, FIXTURE_ROOT } from './helpers.js';

/** What must not depend on mail order: ids, which mail sits where, and who answered what. */
function canonical(series: Series[]): unknown {
  return series
    .map((s) => ({
      id: s.id, total: s.total, missing: s.missing, cover: s.cover?.messageId ?? null, base: s.baseCommit ?? null,
      coverReplies: (s.cover?.replies ?? []).map((r) => r.messageId).sort(),
      patches: s.patches.map((p) => ({ i: p.index, id: p.messageId, replies: p.replies.map((r) => r.messageId).sort() })),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function check(messages: Message[], runs: number): Promise<void> {
  const want = canonical((await assembleSeries(messages, { allVersions: true })).series);
  await fc.assert(
    fc.asyncProperty(fc.shuffledSubarray(messages, { minLength: messages.length, maxLength: messages.length }), async (shuffled) => {
      const got = await assembleSeries(shuffled, { allVersions: true });
      expect(canonical(got.series)).toEqual(want);
    }),
    { numRuns: runs },
  );
}

describe('mail order does not change the series', () => {
  it('roy-gmem-directmap-rfc-v1 (cover, 8 patches, 4 replies) in any order', async () => {
    await check(await readMbox(path.join(FIXTURE_ROOT, 'corpus/roy-gmem-directmap-rfc-v1.mbox')), 60);
  });

  it('two versions with a reply to a reply, in any order', async () => {
    await check(await readMbox(path.join(FIXTURES, 'two-versions.mbox')), 100);
  });

  it('a cover, patches and follow-ups of the b4 cover-followup thread, in any order', async () => {
    await check(await readMbox(path.join(FIXTURE_ROOT, 'parser/b4/trailers-thread-with-cover-followup.mbox')), 60);
  });
});
