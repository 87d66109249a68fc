import { describe, expect, it } from 'vitest';
import { joinMbox } from '../../src/mail/index.js';
import { looksLikeSeparator } from '../../src/mail/split.js';
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
