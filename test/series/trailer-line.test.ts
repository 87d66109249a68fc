import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrailerLine } from '../../src/series/trailers.js';

/** The expression parseTrailerLine replaces (quadratic on a long blank run inside the value); kept here as the oracle. */
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(\S.*?)\s*$/;

describe('parseTrailerLine', () => {
  it('reads name and value as the regular expression did, on any line', () => {
    const piece = fc.constantFrom('Acked-by', 'Fixes', 'a', '-', '1', ':', ' ', '\t', '\r', '\u2028', '\u00a0', '\f', 'x', '<a@b.c>', 'Jane', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((xs) => xs.join('')), (line) => {
        const m = TRAILER_LINE.exec(line);
        const t = parseTrailerLine(line, 1);
        if (!m || !t) expect(t === undefined || m !== null).toBe(true);
        else expect(t.value).toBe(m[2]);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps a value with a long blank run inside, trimmed at the end', () => {
    expect(parseTrailerLine(`Acked-by: Jane Doe${' '.repeat(100_000)}<jane@example.org>  `, 1)?.value).toBe(`Jane Doe${' '.repeat(100_000)}<jane@example.org>`);
  });
});
