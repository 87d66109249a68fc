import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, joinMbox, parseMessage } from '../../src/mail/index.js';
import { split } from './helpers.js';

const mboxLine = fc.oneof(
  fc.constantFrom(
    'From a@b Mon Jul  1 10:00:00 2024',
    'From 1234abcd Mon Sep 17 00:00:00 2001',
    'From here on',
    '>From escaped',
    '>>From twice',
    '',
    'Subject: =?utf-8?q?x=C3=A9?=',
    'Content-Type: multipart/mixed; boundary=b',
    '--b',
    '--b--',
    'Content-Transfer-Encoding: base64',
    'Content-Transfer-Encoding: quoted-printable',
    ' folded',
    'a=\r',
  ),
  fc.string({ maxLength: 30 }),
);
const lineEnd = fc.constantFrom('\n', '\r\n');
const mboxText = fc.array(fc.tuple(mboxLine, lineEnd), { maxLength: 40 }).map((ls) => ls.map(([l, e]) => l + e).join(''));
const chunkSize = fc.integer({ min: 1, max: 64 });

describe('properties', () => {
  it('split then join is byte-identical when no line matches ^>+From ', async () => {
    await fc.assert(
      fc.asyncProperty(mboxText, fc.boolean(), chunkSize, async (text, trailing, size) => {
        const input = Buffer.from(text.replace(/^>+(?=From )/gm, '') + (trailing ? 'last line without end' : ''), 'utf8');
        const raws = await split(input, size);
        expect(Buffer.from(joinMbox(raws)).equals(input)).toBe(true);
        raws.forEach((r, i) => expect(r.ordinal).toBe(i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('the split does not depend on how the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(mboxText, chunkSize, async (text, size) => {
        const a = await split(text, size);
        const b = await split(text, 100000);
        expect(a.map((r) => [Buffer.from(r.bytes).toString('latin1'), r.offset, r.line, r.separator])).toEqual(b.map((r) => [Buffer.from(r.bytes).toString('latin1'), r.offset, r.line, r.separator]));
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary bytes never throw in the splitter or the parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), chunkSize, async (bytes, size) => {
        for (const raw of await split(bytes, size)) {
          const m = parseMessage(raw, 'fuzz');
          expect(typeof m.body).toBe('string');
          expect(Array.isArray(m.diagnostics)).toBe(true);
          for (const d of m.diagnostics) expect(d.message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary structured mail never throws in parseMessage', async () => {
    await fc.assert(
      fc.asyncProperty(mboxText, async (text) => {
        for (const raw of await split(text, 13)) expect(() => parseMessage(raw, 'fuzz')).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('header decoding never throws on bytes or strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.stringMatching(/^(=\?[a-z0-9-]{0,12}\?[bqBQx]\?[A-Za-z0-9=+/_?]{0,20}\?= ?){1,4}$/)), (v) => {
        expect(typeof decodeHeaderValue(v)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
