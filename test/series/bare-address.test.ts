import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bareAddress } from '../../src/series/trailers.js';

/** The expression bareAddress replaces (it backtracks on long runs); kept here as the oracle. */
const ADDRESS = /[^\s<>()[\]"',;]+@[^\s<>()[\]"',;]+\.[^\s<>()[\]"',;]+/;

describe('bareAddress', () => {
  it('finds what the regular expression finds, on any text', () => {
    const piece = fc.constantFrom('a', 'b', '@', '.', ' ', '<', '>', '(', ')', ',', ';', '"', "'", '[', ']', '\t', 'x.y', 'a@b.c', '@@', '..', '\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((xs) => xs.join('')), (s) => {
        const m = ADDRESS.exec(s);
        expect(bareAddress(s)).toEqual(m ? { index: m.index, text: m[0] } : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('examples', () => {
    expect(bareAddress('Jane Doe jane@example.org (Corp)')).toEqual({ index: 9, text: 'jane@example.org' });
    expect(bareAddress('@x.y a@b.c')).toEqual({ index: 5, text: 'a@b.c' });
    expect(bareAddress('no address here')).toBeUndefined();
  });
});
