import { describe, expect, it } from 'vitest';
import * as mail from '../../src/mail/index.js';
import { formatReplies } from '../../src/report/index.js';
import { placeFindings } from '../../src/review/index.js';
import * as series from '../../src/series/index.js';
import { AUTHOR, COVER_ID, makeReview, REVIEWER } from './review-fixture.js';
import { textSource, threadMbox } from './thread-mbox.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const SEPARATOR = /^From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

function split(mbox: string): { headers: string[]; body: string[] }[] {
  const mails: string[][] = [];
  for (const line of mbox.split('\n')) {
    if (SEPARATOR.test(line)) mails.push([]);
    else mails.at(-1)?.push(line);
  }
  return mails.map((m) => {
    const blank = m.indexOf('');
    return { headers: m.slice(0, blank), body: m.slice(blank + 1) };
  });
}

function header(h: string[], name: string): string | undefined {
  const i = h.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (i < 0) return undefined;
  let v = h[i]!.slice(name.length + 1).trim();
  for (let k = i + 1; k < h.length && /^\s/.test(h[k]!); k++) v += ' ' + h[k]!.trim();
  return v;
}

describe('replies (structure)', () => {
  const mbox = formatReplies(makeReview(), { from: REVIEWER, now: NOW, messageIdDomain: 'example.net' });
  const mails = split(mbox);

  it('writes one reply per patch with findings, with mbox separators', () => {
    expect(mbox.split('\n')[0]).toMatch(SEPARATOR);
    expect(mails).toHaveLength(2);
  });

  it('addresses the author, copies the original recipients and threads under the patch', () => {
    const h = mails[0]!.headers;
    expect(header(h, 'From')).toBe('Rev Iewer <rev@example.org>');
    // RFC 2047 for the non-ASCII name, B-encoded UTF-8.
    expect(header(h, 'To')).toBe('=?UTF-8?B?UGF0cmljayBSw7Z5?= <roypat@amazon.co.uk>');
    expect(Buffer.from('UGF0cmljayBSw7Z5', 'base64').toString('utf8')).toBe(AUTHOR.name);
    // Neither the author nor the sender is copied again.
    expect(header(h, 'Cc')).toBe('KVM list <kvm@vger.kernel.org>, Sean Christopherson <seanjc@google.com>');
    expect(header(h, 'Subject')).toBe('Re: [RFC PATCH 1/2] mm: add folio_zap_direct_map()');
    expect(header(h, 'In-Reply-To')).toBe('<patch.1@amazon.co.uk>');
    expect(header(h, 'References')).toBe(`<${COVER_ID}> <patch.1@amazon.co.uk>`);
    expect(header(h, 'Message-ID')).toMatch(/^<pmreview-[0-9a-f]{16}@example\.net>$/);
    expect(header(h, 'Date')).toBe('Sun, 22 Nov 2026 10:00:00 +0000');
    expect(header(h, 'Content-Type')).toBe('text/plain; charset=UTF-8');
    expect(h.every((l) => /^[\x20-\x7e]*$/.test(l))).toBe(true);
    expect(header(mails[1]!.headers, 'Message-ID')).not.toBe(header(h, 'Message-ID'));
  });

  it('quotes the commented hunk with markers kept and puts each comment under its line', () => {
    const b = mails[0]!.body;
    expect(b[0]).toBe('On Tue, 9 Jul 2024 13:20:30 +0000, Patrick Röy wrote:');
    const zap = b.indexOf('> +\tret = set_direct_map_invalid_noflush(folio_page(folio, 0));');
    expect(zap).toBeGreaterThan(0);
    expect(b[zap + 1]).toBe('');
    expect(b[zap + 2]).toBe('The folio is removed from the direct map <without> a TLB flush | stale &');
    expect(b.slice(zap + 2).every((l, i, a) => i >= a.indexOf('-- ') || l.length <= 72)).toBe(true);
    const bug = b.indexOf('> -\tBUG_ON(!folio);');
    expect(bug).toBeGreaterThan(zap);
    expect(b[bug + 1]).toBe('');
    // mboxrd: a comment line starting with "From " is escaped.
    expect(b[bug + 2]).toBe('>From here on a BUG_ON() was removed; say why in the commit message.');
    // The rest of the patch (the other hunk lines and the header file) is cut.
    expect(b.slice(bug).filter((l) => l === '[...]')).toHaveLength(1);
    expect(b.join('\n')).not.toContain('set_memory.h');
    expect(b.slice(-3)).toEqual(['-- ', 'pmreview', '']);
  });

  it('says a repeated point once, then "Same here." under the next line', () => {
    const r = makeReview();
    const r27 = r.findings[2]!;
    r.findings.push({ ...r27, fingerprint: 'fp-r27-2', location: { ...r27.location, line: 302, text: '\tr = folio_zap_direct_map(folio);' } });
    const b = split(formatReplies(r, { from: REVIEWER, now: NOW }))[1]!.body;
    expect(b.filter((l) => l === 'C++ comment in new kernel code. [R27]')).toHaveLength(1);
    expect(b.filter((l) => l === 'Use /* */ comments.')).toHaveLength(1);
    const second = b.indexOf('> +\tr = folio_zap_direct_map(folio);');
    expect(b.slice(second + 1, second + 3)).toEqual(['', 'Same here. [R27]']);
  });

  it('writes nothing when there are no findings', () => {
    expect(formatReplies({ ...makeReview(), findings: [] }, { from: REVIEWER, now: NOW })).toBe('');
  });

  it('answers the cover letter for points about the whole series', () => {
    const r = makeReview();
    r.findings = placeFindings([{ ...r.findings[3]!, location: { ...r.findings[3]!.location, patchIndex: 0, messageId: COVER_ID, subject: r.series[0]!.cover!.subject } }], r.series[0]!, 0);
    const [m] = split(formatReplies(r, { from: REVIEWER, now: NOW }));
    expect(header(m!.headers, 'In-Reply-To')).toBe(`<${COVER_ID}>`);
    expect(header(m!.headers, 'References')).toBe(`<${COVER_ID}>`);
    expect(m!.body).toContain('> Hello,');
  });
});


describe('replies read back with src/mail and src/series', () => {
  it('attach to the right patch with each comment under its quoted line', async () => {
    const review = makeReview();
    const thread = threadMbox(review.series[0]!);
    const replies = formatReplies(review, { from: REVIEWER, now: NOW });
    const messages: mail.Message[] = [];
    for await (const m of mail.readMessages(textSource('thread.mbox', thread + replies))) messages.push(m);
    const result = await series.assembleSeries(messages);
    expect(result.series).toHaveLength(1);
    const patches = result.series[0]!.patches;
    expect(patches.map((p) => p.replies.length)).toEqual([1, 1]);
    for (const p of patches) {
      const reply = p.replies[0]!;
      expect(reply.author.address).toBe(REVIEWER.address);
      expect(reply.inReplyTo).toBe(p.messageId);
      const mine = review.findings.filter((f) => f.location.messageId === p.messageId && f.location.file);
      for (const f of mine) {
        const marker = f.location.side === 'old' ? '-' : '+';
        const c = reply.comments.find((x) => x.text.some((t) => t.includes(`[${f.ruleId}]`)));
        expect(c, `${f.ruleId} comment`).toBeDefined();
        expect(c!.quoted.at(-1)).toBe(marker + f.location.text);
      }
    }
    // The unescaped comment text comes back as written.
    const r26 = patches[0]!.replies[0]!.comments.find((c) => c.text.some((t) => t.includes('[R26]')))!;
    expect(r26.text[0]).toBe('From here on a BUG_ON() was removed; say why in the commit message.');
  });
});

