import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinMbox } from '../../src/mail/index.js';
import { isSeparatorShape, looksLikeSeparator } from '../../src/mail/split.js';
import { countLFSwar, findFrom } from '../../src/mail/from-scan.js';
import { fixture, split } from './helpers.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('splitMbox', () => {
  it('cuts at From separators and keeps offset, line, ordinal and separator', async () => {
    const src = 'From a@b Mon Jul  1 10:00:00 2024\nSubject: one\n\nbody\n\nFrom a@b Mon Jul  1 10:00:01 2024\nSubject: two\n\nbody two\n';
    for (const size of [1, 3, 7, 4096]) {
      const raws = await split(src, size);
      expect(raws.map((r) => r.ordinal)).toEqual([1, 2]);
      expect(raws.map((r) => r.line)).toEqual([2, 7]);
      expect(raws[0]!.offset).toBe(src.indexOf('Subject: one'));
      expect(raws[1]!.offset).toBe(src.indexOf('Subject: two'));
      expect(raws[1]!.separator).toBe('From a@b Mon Jul  1 10:00:01 2024\n');
      expect(text(raws[0]!.bytes)).toBe('Subject: one\n\nbody\n\n');
    }
  });

  it('unescapes mboxrd >From lines by one level only', async () => {
    const raws = await split(fixture('mboxrd-escaped.mbox'));
    expect(raws).toHaveLength(2);
    const body = text(raws[0]!.bytes);
    expect(body).toContain('\nFrom the start, this line began with From.\n');
    expect(body).toContain('\n>From here, a line that began with >From.\n');
    expect(body).toContain('\n> From a quoted line with a space: untouched.\n');
  });

  it('does not cut at From lines inside a body', async () => {
    const raws = await split(fixture('from-in-body.mbox'));
    expect(raws).toHaveLength(2);
    const body = text(raws[0]!.bytes);
    expect(body).toContain('\nFrom now on this paragraph starts with From but is no separator.\n');
    expect(body).toContain('\nFrom a line right after text, no blank line before it.\n');
    expect(raws[1]!.line).toBe(13);
  });

  it('splits CRLF mboxes and keeps their line ends', async () => {
    const bytes = fixture('crlf.mbox');
    const raws = await split(bytes, 5);
    expect(raws).toHaveLength(2);
    expect(raws[1]!.separator).toBe('From alice@example.org Mon Jul  1 10:00:01 2024\r\n');
    expect(raws[1]!.line).toBe(11);
    expect(text(raws[0]!.bytes)).toMatch(/line two\r\n\r\n$/);
    expect(Buffer.from(joinMbox(raws)).equals(bytes)).toBe(true);
  });

  it('reads a file without a From line as one message', async () => {
    const raws = await split('From: a@b\nSubject: x\n\nFrom here on, text.\n\nFrom a@b Mon Jul  1 10:00:01 2024\n');
    expect(raws).toHaveLength(2);
    expect(raws[0]!.separator).toBeUndefined();
    expect(raws[0]!.line).toBe(1);
    expect(raws[0]!.offset).toBe(0);
    const single = await split('From: a@b\nSubject: x\n\n>From stays escaped outside an mbox\n');
    expect(single).toHaveLength(1);
    expect(text(single[0]!.bytes)).toContain('>From stays');
  });

  it('takes any From line at the very start, and a last line without a line end', async () => {
    const raws = await split('From pat016\nSubject: x\n\nno newline at end');
    expect(raws).toHaveLength(1);
    expect(raws[0]!.separator).toBe('From pat016\n');
    expect(text(raws[0]!.bytes)).toBe('Subject: x\n\nno newline at end');
  });

  it('yields nothing for empty input', async () => {
    expect(await split('')).toEqual([]);
  });
});

describe('splitMbox holds at most --max-message-bytes of one message', () => {
  const mail = (n: number, body: string) => `From a@b Mon Jul  1 10:00:0${n} 2024\nSubject: m${n}\n\n${body}\n\n`;

  it('reports a larger message by its size, keeps none of it, and reads the next one whole', async () => {
    const big = 'x'.repeat(40) + '\n' + 'y'.repeat(300) + '\n';
    const src = mail(1, 'small') + mail(2, big) + mail(3, 'after');
    for (const size of [1, 5, 64, 4096]) {
      const raws = await split(src, size, 100);
      expect(raws.map((r) => r.ordinal)).toEqual([1, 2, 3]);
      expect(raws.map((r) => r.oversize)).toEqual([undefined, Buffer.byteLength(mail(2, big)) - mail(2, '').indexOf('\n') - 1, undefined]);
      expect(raws[1]!.bytes.byteLength).toBe(0);
      expect(raws.map((r) => r.line)).toEqual([2, 7, 14]);
      expect(text(raws[2]!.bytes)).toBe('Subject: m3\n\nafter\n\n');
      expect(raws[2]!.offset).toBe(src.indexOf('Subject: m3'));
    }
  });

  it('counts a line with no end (a gzip of zeros) instead of holding it, in any chunking', async () => {
    const zeros = Buffer.alloc(10_000);
    for (const size of [7, 1000, 20_000]) {
      const raws = await split(zeros, size, 1000);
      expect(raws).toHaveLength(1);
      expect(raws[0]).toMatchObject({ ordinal: 1, line: 1, offset: 0, oversize: 10_000 });
    }
    const then = Buffer.concat([Buffer.from('Subject: a\n\n'), zeros, Buffer.from('\nend\n\n' + mail(2, 'next'))]);
    const raws = await split(then, 333, 1000);
    expect(raws.map((r) => [r.ordinal, r.line, r.oversize])).toEqual([[1, 1, then.indexOf('From a@b')], [2, 7, undefined]]);
  });

  it('below the cap, splits as without it', () => {
    return fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }), fc.integer({ min: 1, max: 50 }), async (bodies, size) => {
        const src = bodies.map((b, i) => mail(i % 10, b)).join('');
        const plain = await split(src, size);
        const capped = await split(src, size, 1 << 20);
        expect(capped).toEqual(plain);
      }),
    );
  });
});

describe('looksLikeSeparator', () => {
  it('follows git mailsplit: a time and a year after it, with or without a zone', () => {
    expect(looksLikeSeparator('From 1234abcd Mon Sep 17 00:00:00 2001\n')).toBe(true);
    expect(looksLikeSeparator('From mboxrd@z Thu Jan  1 00:00:00 1970\r\n')).toBe(true);
    expect(looksLikeSeparator('From a@b Mon Jul  1 10:00:00 +0000 2024')).toBe(true);
    expect(looksLikeSeparator('From now on this paragraph starts with From')).toBe(false);
    expect(looksLikeSeparator('From a@b Mon Jul  1 10:00:00 19')).toBe(false);
    expect(looksLikeSeparator('From pat016')).toBe(false);
  });
});

describe('isSeparatorShape', () => {
  const shape = (line: string, before = '') => {
    const buf = Buffer.from(before + line, 'latin1');
    return isSeparatorShape(buf, before.length, buf.length);
  };

  it('reads the time, zone and year like looksLikeSeparator', () => {
    expect(shape('From 1234abcd Mon Sep 17 00:00:00 2001\n')).toBe(true);
    expect(shape('From a@b Mon Jul  1 10:00:00 +0000 2024\r\n')).toBe(true);
    expect(shape('From a@b Mon Jul  1 10:00:00 CEST\t0091')).toBe(true);
    expect(shape('From a@b Mon Jul  1 10:00:00 ABCDEF 2024')).toBe(false);
    expect(shape('From a@b Mon Jul  1 10:00:00 +000 2024')).toBe(false);
    expect(shape('From a@b Mon Jul  1 10:00:00 2024', 'x: y\n\n')).toBe(true);
    expect(shape('From a@b Mon Jul  1 10 00 00 2024', '10:00:00 2024\n')).toBe(false);
  });

  it('agrees with looksLikeSeparator on random latin1 lines', () => {
    const piece = fc.oneof(
      fc.constantFrom('From ', 'From a@b Mon Jul  1 ', '10:00:00', ':', '0', '9', '91', '2024', ' ', '  ', '\t', '\r', '\v', '\f', '\u00a0', '\u0085'),
      fc.constantFrom('+0000', '-0700', '+', '-', 'CEST', 'UTC', 'Z', 'ABCDEF', 'x', '@', '\u00c9', '\u00ff'),
      fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
    );
    const line = fc.tuple(fc.array(piece, { maxLength: 14 }), fc.constantFrom('', '\n', '\r\n', '\r', '\n\n')).map(([p, eol]) => p.join('') + eol);
    const ws = fc.array(fc.constantFrom(' ', '\t', '\u00a0', '\v', '\r', '\u0085', 'x'), { maxLength: 3 }).map((a) => a.join(''));
    const shaped = fc
      .tuple(fc.constantFrom('10:00:00', '1:00:00', '10:0:00', '10:00:0', '10:00'), ws, fc.constantFrom('', '+0000', '-123', '+12345', 'CEST', 'ABCDEF', 'a1'), ws, fc.constantFrom('', '2024', '90', '91', '0091', 'x'), fc.string({ maxLength: 3 }))
      .map((p) => 'From a@b Mon Jul  1 ' + p.join(''));
    const after = fc.constantFrom('', '9', '\n9');
    const equal = (l: string, before: string, tail: string) => {
      const buf = Buffer.from(before + l + tail, 'latin1');
      expect(isSeparatorShape(buf, before.length, before.length + l.length)).toBe(looksLikeSeparator(l));
    };
    const before = fc.string({ unit: fc.constantFrom(':', '1', ' ', 'a'), maxLength: 6 });
    fc.assert(fc.property(shaped, fc.constantFrom('', '\n', '\r\n', '\r'), before, after, (l, eol, b, t) => equal(l + eol, b, t)), { numRuns: 20000 });
    fc.assert(
      fc.property(fc.boolean(), line, before, after, (anchored, text, b, t) => equal(anchored ? 'From a@b Mon Jul  1 ' + text : text, b, t)),
      { numRuns: 20000 },
    );
  });
});

describe('joinMbox', () => {
  it('restores the fixture mboxes byte for byte', async () => {
    for (const name of ['crlf.mbox', 'from-in-body.mbox', 'encoded-subjects.mbox', 'folded-headers.eml']) {
      const bytes = fixture(name);
      expect(Buffer.from(joinMbox(await split(bytes, 11))).equals(bytes)).toBe(true);
    }
  });

  it('does not restore mboxrd escapes (the one lossy step)', async () => {
    const bytes = fixture('mboxrd-escaped.mbox');
    const joined = Buffer.from(joinMbox(await split(bytes))).toString('utf8');
    expect(joined).toBe(bytes.toString('utf8').replace(/^>(>*From )/gm, '$1'));
  });
});

describe('the scan kernel', () => {
  const naive = (b: Uint8Array, from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) if (b[i] === 10) n++;
    return n;
  };
  /** Every `From ` in buf[from, end) with the LFs before it and the end of its line, the slow way. */
  const naiveHits = (b: Buffer, from: number, end: number) => {
    const out: number[] = [];
    for (let i = b.indexOf('From ', from, 'latin1'); i >= 0 && i + 5 <= end; i = b.indexOf('From ', i + 1, 'latin1')) {
      const lf = b.indexOf(10, i);
      out.push(i - from, naive(b, from, i), (lf >= 0 && lf < end ? lf + 1 : end) - from);
    }
    return out;
  };
  const kernelHits = (b: Buffer, from: number, end: number) => {
    const found = findFrom(b, from, end)!;
    return { hits: [...found.hits.subarray(0, 3 * found.count)], lines: found.lines };
  };

  it('finds every From and counts LFs past what a byte lane holds', () => {
    const all = Buffer.alloc(300_000, 10);
    expect(kernelHits(all, 0, all.length)).toEqual({ hits: [], lines: all.length });
    expect(countLFSwar(all, 1, 9000)).toBe(8999);
    const text = Buffer.from('From a\n>From b\nx From c\n'.repeat(5000) + 'From', 'latin1');
    expect(kernelHits(text, 3, text.length)).toEqual({ hits: naiveHits(text, 3, text.length), lines: naive(text, 3, text.length) });
    // a From cut by the end of the run is not one
    expect(kernelHits(Buffer.from('\nFrom x'), 0, 5).hits).toEqual([]);
  });

  it('agrees with a byte loop on random text, ranges and byte offsets', () => {
    const text = fc
      .array(fc.constantFrom('\n', 'From ', 'F', 'rom ', 'x', '>', '\r', 'FFrom ', '\u00ff'), { maxLength: 800, size: 'max' })
      .map((a) => Buffer.from(a.join(''), 'latin1'));
    fc.assert(
      fc.property(text, fc.nat(7), fc.nat(4000), fc.nat(4000), (bytes, shift, a, b) => {
        // an unaligned view into a larger buffer
        const big = Buffer.alloc(bytes.length + shift, 0x46);
        bytes.copy(big, shift);
        const buf = big.subarray(shift);
        const from = Math.min(a, b, buf.length);
        const to = Math.min(Math.max(a, b), buf.length);
        expect(kernelHits(buf, from, to)).toEqual({ hits: naiveHits(buf, from, to), lines: naive(buf, from, to) });
        expect(countLFSwar(buf, from, to)).toBe(naive(buf, from, to));
      }),
      { numRuns: 400 },
    );
  });
});
