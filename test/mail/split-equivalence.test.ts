import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitMbox, type RawMessage } from '../../src/mail/index.js';
import { splitMbox as referenceSplit } from './split-reference.js';
import { withoutWasm } from '../../src/mail/from-scan.js';
import { FIXTURES, FIXTURE_ROOT } from './helpers.js';

// The rewritten splitter must agree with the line-by-line original on every
// field, for every input and every way the input is cut into chunks.

type Splitter = (s: AsyncIterable<Uint8Array | string>) => AsyncIterable<RawMessage>;

/** Everything a consumer can see of a RawMessage, including whether `separator` is present at all. */
function view(r: RawMessage) {
  return {
    bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('latin1'),
    offset: r.offset,
    line: r.line,
    ordinal: r.ordinal,
    hasSeparator: 'separator' in r,
    separator: r.separator,
  };
}

/** Chunks ending at the given cut points (sorted, deduplicated, clipped to the input). */
async function* cutAt(bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> {
  let from = 0;
  for (const c of [...new Set(cuts.map((x) => Math.min(x, bytes.length)))].sort((a, b) => a - b)) {
    if (c < from) continue;
    yield bytes.subarray(from, c);
    from = c;
  }
  yield bytes.subarray(from);
}

async function* every(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

async function collect(split: Splitter, chunks: AsyncIterable<Uint8Array | string>) {
  const out: ReturnType<typeof view>[] = [];
  for await (const r of split(chunks)) out.push(view(r));
  return out;
}

/** A digest of every field of every message, for inputs too big to compare with toEqual. */
async function digest(split: Splitter, chunks: AsyncIterable<Uint8Array>) {
  const h = createHash('sha256');
  let n = 0;
  for await (const r of split(chunks)) {
    n++;
    h.update(JSON.stringify([r.offset, r.line, r.ordinal, 'separator' in r, r.separator ?? null, r.bytes.byteLength]));
    h.update(r.bytes);
  }
  return { n, hash: h.digest('hex') };
}

const LINES = [
  'From a@b Mon Jul  1 10:00:00 2024',
  'From 1234abcd Mon Sep 17 00:00:00 2001',
  'From a@b Mon Jul  1 10:00:00 +0000 2024',
  'From mboxrd@z Thu Jan  1 00:00:00 1970',
  'From a@b Mon Jul  1 10:00:00 19',
  'From pat016',
  'From now on this paragraph starts with From',
  'From ',
  'From',
  'from a@b Mon Jul  1 10:00:00 2024',
  '>From a@b Mon Jul  1 10:00:00 2024',
  '>From the start',
  '>>From here',
  '>>>From ',
  '> From a quoted line',
  '>',
  '>>',
  '>Fro',
  'Subject: [PATCH 1/2] mm: x',
  'From: A <a@b>',
  'diff --git a/x b/x',
  '+From added line',
  ' From context',
  'text \u00e9\u4e2d',
  '\r',
  '',
  '',
  '',
];

const EOLS = ['\n', '\n', '\n', '\r\n', '\r\n', '\r', ''];

const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...LINES), fc.constantFrom(...EOLS)).map(([t, e]) => t + e) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('F', 'r', 'o', 'm', ' ', '>', '\n', '\r', ':', '0', '9', 'x') }) },
  // long runs of short lines: LF in every 4-byte word for more than 1 KB
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('\n', '\r\n', 'x\n', '>\n', '\n\n\n\n'), fc.integer({ min: 256, max: 1500 })).map(([t, n]) => t.repeat(n)) },
);

const mboxLike = fc
  .tuple(fc.boolean(), fc.array(line, { maxLength: 60, size: 'max' }), fc.boolean())
  .map(([startsWithFrom, lines, trailingNewline]) => {
    let text = (startsWithFrom ? 'From a@b Mon Jul  1 10:00:00 2024\n' : '') + lines.join('');
    if (!trailingNewline) text = text.replace(/\r?\n$/, '');
    return Buffer.from(text, 'utf8');
  });

const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 40, size: 'max' });

describe.each([false, true])('splitMbox agrees with the line-by-line reference (no WebAssembly: %s)', (off) => {
  beforeAll(() => withoutWasm(off));
  afterAll(() => withoutWasm(false));

  it('on random mbox-like inputs under random chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(mboxLike, cuts, async (bytes, at) => {
        const want = await collect(referenceSplit, cutAt(bytes, []));
        expect(await collect(splitMbox, cutAt(bytes, at))).toEqual(want);
        expect(await collect(referenceSplit, cutAt(bytes, at))).toEqual(want);
      }),
      { numRuns: 1500 },
    );
  });

  it('on random mbox-like inputs in fixed chunk sizes 1..64 and large', async () => {
    await fc.assert(
      fc.asyncProperty(mboxLike, fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 1 << 20 })), async (bytes, size) => {
        expect(await collect(splitMbox, every(bytes, size))).toEqual(await collect(referenceSplit, every(bytes, size)));
      }),
      { numRuns: 800 },
    );
  });

  it('on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400, size: 'max' }), cuts, async (raw, at) => {
        const bytes = Buffer.from(raw);
        expect(await collect(splitMbox, cutAt(bytes, at))).toEqual(await collect(referenceSplit, cutAt(bytes, [])));
      }),
      { numRuns: 500 },
    );
  });

  it('on string chunks, empty chunks and empty input', async () => {
    const text = 'From a@b Mon Jul  1 10:00:00 2024\nSubject: \u00e9\n\n>From x\n\nFrom a@b Mon Jul  1 10:00:01 2024\r\n\r\nbody';
    async function* strings() {
      yield '';
      yield text.slice(0, 40);
      yield '';
      yield text.slice(40, 41);
      yield text.slice(41);
      yield '';
    }
    expect(await collect(splitMbox, strings())).toEqual(await collect(referenceSplit, strings()));
    expect(await collect(splitMbox, every(Buffer.alloc(0), 1))).toEqual([]);
    expect(await collect(splitMbox, cutAt(Buffer.from('\n'), []))).toEqual(await collect(referenceSplit, cutAt(Buffer.from('\n'), [])));
  });

  it('on lines longer than the runs the scan works in', async () => {
    const sep = (s: number) => `From a@b Mon Jul  1 10:00:${String(s).padStart(2, '0')} 2024\n`;
    const long = 'x From y >From z '.repeat(40_000);
    const text = sep(0) + 'S: 1\n\n' + long + '\n>From q\n\n' + sep(1) + '\n' + long + 'From\n\n' + sep(2) + 'a\n'.repeat(300_000) + '\n' + sep(3) + long;
    const bytes = Buffer.from(text, 'latin1');
    const want = await collect(referenceSplit, cutAt(bytes, []));
    expect(want).toHaveLength(4);
    for (const size of [1 << 20, 300_001, 65536]) expect(await collect(splitMbox, every(bytes, size)), `chunk size ${size}`).toEqual(want);
  });
});

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

const FILES = [path.join(FIXTURE_ROOT, 'corpus'), path.join(FIXTURE_ROOT, 'parser'), FIXTURES].flatMap(filesUnder).sort();

describe('splitMbox agrees with the reference on real files', () => {
  it('finds the shared corpus and parser fixtures', () => {
    expect(FILES.length).toBeGreaterThan(50);
  });

  it.each(FILES.map((f) => [path.relative(FIXTURE_ROOT, f), f]))('%s', async (_name, file) => {
    const bytes = fs.readFileSync(file);
    const want = await collect(referenceSplit, every(bytes, 1 << 20));
    for (const size of [1, 2, 5, 13, 64, 4093, 1 << 20]) {
      expect(await collect(splitMbox, every(bytes, size)), `chunk size ${size}`).toEqual(want);
    }
  });

  it('an 8 MB synthetic archive (the bench generator, seed 1)', async () => {
    // The bench's own generator: many threads, quoted replies, odd headers, in one stream.
    const gen = (await import('../../bench/make-archive.mjs' as string)) as { writeMixedArchive: (file: string, size: number, seed: number) => void };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-split-'));
    const archive = path.join(dir, 'mixed.mbox');
    try {
      gen.writeMixedArchive(archive, 8 << 20, 1);
      const bytes = fs.readFileSync(archive);
      const want = await digest(referenceSplit, every(bytes, 1 << 20));
      expect(want.n).toBeGreaterThan(400);
      for (const size of [1 << 20, 65537, 4093]) expect(await digest(splitMbox, every(bytes, size)), `chunk size ${size}`).toEqual(want);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
