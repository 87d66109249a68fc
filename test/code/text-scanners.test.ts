import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTopLevel, squash } from '../../src/code/text.js';
import { braceDepths, openBraces, stripCodeState } from '../../src/code/wrap.js';
import * as oracle from './scanner-oracles.js';

/** Text made of the pieces the scanners react to: comments, literals, escapes, braces, directives, odd whitespace. */
const PIECES = ['/', '*', '/*', '*/', '//', '"', "'", '\\', '\\\n', '{', '}', '(', ')', '[', ']', ',', '#', '#if', '#else', '#elif', '#endif', 'do', ' ', '  ', '\t', '\n', '\r', '\u00a0', 'x', 'f(a, b)'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }).map((parts) => parts.join(''));
const rows = fc.array(text.map((t) => t.replace(/\n/g, ' ')), { minLength: 1, maxLength: 6 });

describe('text scanners match their references', () => {
  it('squash and splitTopLevel', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(squash(t)).toBe(oracle.squash(t));
        expect(splitTopLevel(t)).toEqual(oracle.splitTopLevel(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('stripCodeState, braceDepths and openBraces', () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (r, inComment) => {
        const mine = stripCodeState(r, inComment);
        expect(mine).toEqual(oracle.stripCodeState(r, inComment));
        expect(braceDepths(r, inComment)).toEqual(oracle.braceDepths(r, inComment));
        expect(openBraces(mine.code)).toEqual(oracle.openBraces(mine.code));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps text that needs no squashing as it is', () => {
    expect(squash('a = f(b, c);')).toBe('a = f(b, c);');
    expect(squash(' a\t=\\\nb  ')).toBe('a = b');
  });
});
