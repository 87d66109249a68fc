import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, parseMessage } from '../../src/mail/index.js';
import { fixture, mail, parseAll, split } from './helpers.js';

describe('parseMessage: headers', () => {
  it('unfolds headers, strips angle brackets, parses people and dates', () => {
    const m = parseMessage({ bytes: fixture('folded-headers.eml'), offset: 0, line: 1, ordinal: 1 }, 'folded-headers.eml');
    expect(m.subject).toBe('[RFC PATCH v2 3/8] kvm: gmem: a subject that is long enough to be folded onto a second line');
    expect(m.from).toEqual({ name: 'Rapoport, Mike', address: 'rppt@kernel.org' });
    expect(m.to.map((p) => p.address)).toEqual(['kvm@vger.kernel.org', 'linux-mm@kvack.org']);
    expect(m.cc).toEqual([
      { name: 'Rafał Miłecki', address: 'zajec5@example.org' },
      { name: 'Doe, John', address: 'john@example.org' },
    ]);
    expect(m.messageId).toBe('folded-1@example.org');
    expect(m.inReplyTo).toBe('cover@example.org');
    expect(m.references).toEqual(['cover@example.org', 'patch-2@example.org']);
    expect(m.date).toBe('2024-07-09T12:20:33.000Z');
    expect(m.headers['message-id']).toEqual(['<folded-1@example.org>']);
    expect(m.bodyLine).toBe(15);
    expect(m.body).toBe('Body line one.\n');
    expect(m.diagnostics).toEqual([]);
  });

  it('decodes encoded subjects: Q and B, UTF-8 and ISO-8859-1', async () => {
    const ms = await parseAll(fixture('encoded-subjects.mbox'));
    expect(ms.map((m) => m.subject)).toEqual([
      '[PATCH] mm: Résumé of folio changes',
      '[PATCH] mm: Résumé',
      '[PATCH] André fixes gmem',
      '[PATCH] André fixes',
    ]);
    expect(ms.map((m) => m.body)).toEqual(['body utf8-q\n', 'body utf8-b\n', 'body latin1-q\n', 'body latin1-b\n']);
  });

  it('reads raw 8-bit headers as UTF-8 when valid, else windows-1252', () => {
    const utf8 = Buffer.from('From: Rafał Miłecki <z@example.org>\nSubject: café\n\nx\n', 'utf8');
    const cp1252 = Buffer.concat([Buffer.from('From: Andr'), Buffer.from([0xe9]), Buffer.from(' <a@example.org>\nSubject: '), Buffer.from([0x93, 0x71, 0x94, 0x80]), Buffer.from('\n\nx\n')]);
    const a = parseMessage({ bytes: utf8, offset: 0, line: 1, ordinal: 1 }, 'x');
    const b = parseMessage({ bytes: cp1252, offset: 0, line: 1, ordinal: 1 }, 'x');
    expect([a.from.name, a.subject]).toEqual(['Rafał Miłecki', 'café']);
    expect([b.from.name, b.subject]).toEqual(['André', '“q”€']);
  });

  it('decodeHeaderValue handles windows-1252 words and characters split across words', () => {
    expect(decodeHeaderValue('=?windows-1252?Q?=80uro?=')).toBe('€uro');
    expect(decodeHeaderValue('=?utf-8?B?ww==?= =?utf-8?B?qQ==?=')).toBe('é');
    expect(decodeHeaderValue('a\r\n =?iso-8859-2?q?=B1?=  b')).toBe('a ą  b');
    expect(decodeHeaderValue(Buffer.from([0x41, 0xff, 0x42]))).toBe('AÿB');
    expect(decodeHeaderValue('=?utf-8?Q?unterminated')).toBe('=?utf-8?Q?unterminated');
  });

  it('says once that header fields hold NUL bytes, with the number of fields', () => {
    // A fuzzed mail with 556 Subject lines holding NUL gave 556 diagnostics.
    const bytes = Buffer.from(`From: a@example.org\n${'Subject: x\0y\n'.repeat(3)}\nbody\n`, 'latin1');
    const m = parseMessage({ bytes, offset: 0, line: 1, ordinal: 1 }, 'x');
    expect(m.diagnostics.map((d) => [d.inputLine, d.message])).toEqual([[2, 'NUL byte in header subject (and in 2 more header fields)']]);
  });

  it('turns bad dates and Message-IDs into diagnostics, never throws', () => {
    const m = mail('From: a@example.org\nDate: Wed, 4 Jun 207777777777777777777714 17:50:46 0\nMessage-ID: <>\nSubject: s\n\nbody\n');
    expect(m.date).toBeUndefined();
    expect(m.messageId).toBeUndefined();
    const texts = m.diagnostics.map((d) => `${d.severity} ${d.inputLine} ${d.message}`);
    expect(texts).toContain('warning 2 unreadable Date "Wed, 4 Jun 207777777777777777777714 17:50:46 0"');
    expect(texts).toContain('warning 3 unusable Message-ID "<>"');
    expect(m.diagnostics.every((d) => d.input === 'test.eml' && d.messageId === '#1')).toBe(true);
  });

  it('parses obsolete date forms and rejects impossible ones', () => {
    const date = (v: string) => mail(`From: a@b.c\nDate: ${v}\n\nx\n`).date;
    expect(date('Tue, 9 Jul 2024 13:20:33 +0100')).toBe('2024-07-09T12:20:33.000Z');
    expect(date('9 Jul 24 13:20 EDT')).toBe('2024-07-09T17:20:00.000Z');
    expect(date('Wed,  1 Jun 2016 22:00:54 +0200 (CEST)')).toBe('2016-06-01T20:00:54.000Z');
    expect(date('31 Feb 2024 10:00:00 +0000')).toBeUndefined();
    expect(date('Mon, 05 Dec 2011 25:49:35 -0800')).toBeUndefined();
  });

  it('reports a message without headers as unusable but still returns it', () => {
    const m = mail('just some text\nno headers at all\n');
    expect(m.diagnostics.map((d) => d.severity)).toContain('error');
    expect(m.body).toBe('just some text\nno headers at all\n');
    expect(m.from).toEqual({ name: '', address: '' });
  });
});

describe('parseMessage: bodies', () => {
  it('decodes quoted-printable with soft line breaks and no bodyLine', () => {
    const m = parseMessage({ bytes: fixture('qp-soft-breaks.eml'), offset: 0, line: 1, ordinal: 1 }, 'qp');
    expect(m.body).toContain('This sentence is long enough that the mailer wrapped it with a soft line break in the middle.\n');
    expect(m.body).toContain('Café and a trailing = sign.\n+\tif (folio_test_large(folio)) ==\n');
    expect(m.body).toContain('+new trailing spaces are kept when encoded  \n');
    expect(m.bodyLine).toBeUndefined();
    expect(m.diagnostics).toEqual([]);
  });

  it('takes text/plain and a base64 text/x-patch attachment, skipping HTML', () => {
    const m = parseMessage({ bytes: fixture('base64-x-patch.eml'), offset: 0, line: 1, ordinal: 1 }, 'b64');
    expect(m.body).toBe(
      'The patch is attached.\n\nSigned-off-by: Alice <alice@example.org>\n' +
        'diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c\n--- a/virt/kvm/guest_memfd.c\n+++ b/virt/kvm/guest_memfd.c\n' +
        '@@ -1,3 +1,4 @@\n #include <linux/kvm_host.h>\n+#include <linux/set_memory.h>\n \n static int x;\n',
    );
    expect(m.body).not.toContain('<p>');
    expect(m.bodyLine).toBeUndefined();
    expect(m.diagnostics).toEqual([]);
  });

  it('takes application/octet-stream attachments named *.patch', () => {
    const m = mail('From: a@b.c\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nsee attached\n--XX\nContent-Type: application/octet-stream; name="fix.patch"\nContent-Transfer-Encoding: base64\n\nZGlmZiAtLWdpdAo=\n--XX\nContent-Type: application/octet-stream; name="blob.bin"\n\nbinary\n--XX--\n');
    expect(m.body).toBe('see attached\ndiff --git\n');
  });

  it('gives LF bodies and body line numbers for CRLF mboxes', async () => {
    const ms = await parseAll(fixture('crlf.mbox'));
    expect(ms.map((m) => m.body)).toEqual(['first body\nline two\n', 'second body\n']);
    expect(ms.map((m) => m.bodyLine)).toEqual([7, 16]);
    expect(ms.map((m) => m.subject)).toEqual(['[PATCH 1/2] crlf one', '[PATCH 2/2] crlf two']);
  });

  it('maps body line k to input line bodyLine + k - 1', async () => {
    const bytes = fixture('mboxrd-escaped.mbox');
    const lines = bytes.toString('utf8').split('\n');
    for (const m of await parseAll(bytes)) {
      const body = m.body.split('\n');
      body.forEach((l, k) => {
        if (l) expect(lines[m.bodyLine! + k - 1]!.replace(/^>(>*From )/, '$1')).toBe(l);
      });
    }
  });

  it('reports bad base64, unknown encodings and unknown charsets', () => {
    const b64 = mail('From: a@b.c\nContent-Transfer-Encoding: base64\n\n!!!not base64***\n');
    expect(b64.diagnostics.map((d) => d.message)).toContain('malformed base64 text, decoded leniently');
    const enc = mail('From: a@b.c\nContent-Transfer-Encoding: x-weird\n\nplain\n');
    expect(enc.body).toBe('plain\n');
    expect(enc.diagnostics[0]!.message).toMatch(/unknown Content-Transfer-Encoding "x-weird"/);
    expect(enc.diagnostics[0]!.inputLine).toBe(2);
    const cs = parseMessage({ bytes: Buffer.concat([Buffer.from('From: a@b.c\nContent-Type: text/plain; charset=x-martian\n\ncaf'), Buffer.from([0xe9, 0x0a])]), offset: 0, line: 5, ordinal: 3 }, 'm');
    expect(cs.body).toBe('café\n');
    expect(cs.diagnostics[0]).toMatchObject({ severity: 'warning', inputLine: 6, messageId: '#3' });
  });

  it('splits and parses together: the from-in-body fixture keeps its paragraph', async () => {
    const ms = await parseAll(fixture('from-in-body.mbox'));
    expect(ms.map((m) => m.messageId)).toEqual(['from-body-1@example.org', 'from-body-2@example.org']);
    expect(ms[0]!.body).toBe('A paragraph that ends here.\n\nFrom now on this paragraph starts with From but is no separator.\nFrom a line right after text, no blank line before it.\n');
    expect((await split(fixture('from-in-body.mbox'))).length).toBe(2);
  });
});
