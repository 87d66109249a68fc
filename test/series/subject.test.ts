import { describe, expect, it } from 'vitest';
import { parseSubject } from '../../src/series/index.js';

type Want = Partial<ReturnType<typeof parseSubject>>;

// b4's grammar (ANCHORS §2.2) and patchwork's extras (§2.3), one row per form.
const TABLE: [string, Want][] = [
  ['[RFC PATCH v11 12/29] KVM: foo', { rfc: true, version: 11, versionInferred: false, index: 12, total: 29, title: 'KVM: foo' }],
  ['[PATCHv2 3/4] mm: bar', { version: 2, index: 3, total: 4, title: 'mm: bar' }],
  ['[PATCHv2 net-next 3/4] x', { version: 2, index: 3, total: 4, extraPrefixes: ['net-next'], title: 'x' }],
  ['[PATCH RESEND net-next v3 0/5] net: baz', { resend: true, version: 3, index: 0, total: 5, extraPrefixes: ['net-next'], title: 'net: baz' }],
  ['[RFC 00/16] big idea', { rfc: true, index: 0, total: 16, version: 1, versionInferred: true, title: 'big idea' }],
  ['[RFCv2 00/16] big idea', { rfc: true, version: 2, index: 0, total: 16 }],
  ['[PATCH 5/8 v2] y', { version: 2, index: 5, total: 8, title: 'y' }],
  ['[PATCH 1/8 v4] y', { version: 4, index: 1, total: 8 }],
  ['[RFC][PATCH 2/3] z', { rfc: true, index: 2, total: 3, title: 'z' }],
  ['[PATCH [net-next] 2/3] nested', { index: 2, total: 3, extraPrefixes: ['net-next'], title: 'nested' }],
  ['Re: [PATCH 2/3] z', { isReply: true, index: 2, total: 3, title: 'z' }],
  ['RE: [PATCH v2 1/1] z', { isReply: true, version: 2 }],
  ['Aw: [PATCH] z', { isReply: true, title: 'z' }],
  ['Fwd: [PATCH 1/2] z', { isReply: true, index: 1, total: 2 }],
  ['Re: Re: [PATCH 1/2] z', { isReply: true, title: 'z' }],
  ['SV: [PATCH 1/2] z', { isReply: true }],
  ['Odp: [PATCH 1/2] z', { isReply: true, index: 1, total: 2 }],
  ['Note: [PATCH 1/2] z', { isReply: false, counterInferred: true, title: 'Note: [PATCH 1/2] z' }],
  ['[PATCH] single', { index: 1, total: 1, counterInferred: true, version: 1, versionInferred: true, title: 'single' }],
  ['[PATCH 1 of 3] hg style', { index: 1, total: 3, counterInferred: false, title: 'hg style' }],
  ['[PATCH1/8] glued', { index: 1, total: 8 }],
  ['[net,v2,1/2] net: ieee802154: remove explicit set skb->sk', { version: 2, index: 1, total: 2, extraPrefixes: ['net'] }],
  ['[Patch 2/2]: powerpc/hotplug/mm: Fix hot-add', { index: 2, total: 2, title: 'powerpc/hotplug/mm: Fix hot-add' }],
  ['[PATCH V2 0/4] PM / OPP: Minor cleanups', { version: 2, index: 0, total: 4, title: 'PM / OPP: Minor cleanups' }],
  ['[PATCH 0 of 2] Sample Mercurial patches', { index: 0, total: 2 }],
  ['[PATCH -next] bpf: Use PTR_ERR_OR_ZERO', { extraPrefixes: ['-next'], counterInferred: true }],
  ['[PATCH net-next v3 0/4] net: dsa: Multi-CPU ground work (v3)', { version: 3, index: 0, total: 4, title: 'net: dsa: Multi-CPU ground work (v3)' }],
  ['This is an orphaned patch!', { counterInferred: true, title: 'This is an orphaned patch!', isReply: false }],
  ['PATCH 2 of 5: plain', { index: 2, total: 5, title: 'plain' }],
  ['[PATCH 1/2] Re: what a title', { isReply: false, index: 1, title: 'Re: what a title' }],
  ['  [PATCH   v3    2/7]   spaced  ', { version: 3, index: 2, total: 7, title: 'spaced' }],
  ['[PATCH v2 1/4] Rework tagging infrastructure', { version: 2, index: 1, total: 4 }],
];

describe('parseSubject', () => {
  it.each(TABLE)('%s', (subject, want) => {
    expect(parseSubject(subject)).toMatchObject(want);
  });

  it('keeps the raw subject and never throws on junk', () => {
    for (const s of ['', '[', ']]][[', '[PATCH 99999/1] x', 'Re:', '[[[[PATCH]]]]', '\u0000']) {
      const info = parseSubject(s);
      expect(info.raw).toBe(s);
      expect(typeof info.title).toBe('string');
    }
  });
});

describe('looksLikePatchSubject on hostile subjects', () => {
  it('answers as before, and a run of brackets costs one pass', async () => {
    const { looksLikePatchSubject } = await import('../../src/series/subject.js');
    const { parseSubject } = await import('../../src/series/index.js');
    for (const s of ['[foo [PATCH] x', '[RFC] y', '[x] [y PATCH z', 'no marker', '[net] patch: z']) {
      const old = /\[[^\]]*\b(patch|rfc)/i.test(s);
      if (old) expect(looksLikePatchSubject(parseSubject(s)), s).toBe(true);
    }
    // a million brackets: one pass each way (the old pattern would rescan to the end per bracket, for hours)
    expect(looksLikePatchSubject(parseSubject('['.repeat(1_000_000)))).toBe(false);
  });
});
