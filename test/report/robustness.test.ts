import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Location } from '../../src/model/index.js';
import { formatReplies, formatReview, FORMATS } from '../../src/report/index.js';
import type { Review } from '../../src/rules/index.js';
import { makeReview, OPTS, REVIEWER } from './review-fixture.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../data/sarif-2.1.0.json'), 'utf8')) as object);

/** Locations a buggy rule or a strange mail could produce: unknown patches, line 0, odd text. */
const location: fc.Arbitrary<Location> = fc.record({
  patchIndex: fc.integer({ min: -1, max: 5 }),
  messageId: fc.option(fc.constantFrom('patch.1@amazon.co.uk', 'patch.2@amazon.co.uk', 'nowhere@x', ''), { nil: undefined }),
  subject: fc.string(),
  file: fc.constantFrom('', 'mm/direct_map.c', 'virt/kvm/guest_memfd.c', 'a b/ü#?.c', 'x'),
  line: fc.integer({ min: -3, max: 400 }),
  side: fc.constantFrom('new' as const, 'old' as const),
  function: fc.option(fc.string(), { nil: undefined }),
  text: fc.string(),
});

function withLocations(locs: Location[], message: string): Review {
  const r = makeReview();
  const base = r.findings[0]!;
  r.findings = locs.map((l, i) => ({ ...base, message, fingerprint: `fp-${i}`, location: l, evidence: i % 2 ? [locs[0]!] : [] }));
  return r;
}

describe('bad review data never crashes a format', () => {
  it('every format and the replies accept any locations; SARIF stays valid', () => {
    fc.assert(
      fc.property(fc.array(location, { minLength: 1, maxLength: 6 }), fc.string(), (locs, message) => {
        const r = withLocations(locs, message);
        for (const f of FORMATS) expect(typeof formatReview(r, f, OPTS)).toBe('string');
        expect(validateSarif(JSON.parse(formatReview(r, 'sarif', OPTS)))).toBe(true);
        formatReplies(r, { from: REVIEWER, now: new Date(0) });
      }),
      { numRuns: 150 },
    );
  });

  it('copes with an empty review and with unparseable dates', () => {
    const empty: Review = { series: [], findings: [], diagnostics: [], touches: [], messages: 0 };
    // rdjsonl has one line per finding, so nothing at all here.
    for (const f of FORMATS) expect(formatReview(empty, f, OPTS).length > 0, f).toBe(f !== 'rdjsonl');
    expect(formatReview(empty, 'text', OPTS)).toBe('0 errors, 0 warnings, 0 infos in 0 patches of 0 series\n');
    const r = makeReview();
    r.series[0]!.patches[0]!.date = 'not a date';
    expect(formatReplies(r, { from: REVIEWER, now: new Date(0) })).toContain('\nPatrick Röy wrote:\n');
  });

  it('encodes a long non-ASCII subject in words of at most 75 characters', () => {
    const r = makeReview();
    r.series[0]!.patches[0]!.subject = `[RFC PATCH 1/2] ${'mm: zäp dïrect map entries, '.repeat(6)}`;
    const mbox = formatReplies(r, { from: { name: 'Jörg "JR" Rœdel', address: 'j@x.org' }, now: new Date(0) });
    const lines = mbox.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Subject: '));
    const folded = [lines[at]!.slice('Subject: '.length), ...lines.slice(at + 1).filter((_, i, a) => a.slice(0, i + 1).every((l) => l.startsWith(' '))).map((l) => l.trim())];
    for (const w of folded) expect(w).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    for (const w of folded) expect(w.length).toBeLessThanOrEqual(75);
    const decoded = folded.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
    expect(decoded).toBe(`Re: ${r.series[0]!.patches[0]!.subject.trim()}`);
    expect(lines.find((l) => l.startsWith('From: '))).toMatch(/^From: =\?UTF-8\?B\?[^ ]+\?= <j@x\.org>$/);
  });
});
