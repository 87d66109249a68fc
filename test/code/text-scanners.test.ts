import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripC } from '../../src/code/strip.js';
import { argsAfter, splitTopLevel, squash } from '../../src/code/text.js';
import { braceDepths, openBraces } from '../../src/code/wrap.js';
import { codeOf } from '../../src/model/match.js';
import { bareValue } from '../../src/model/numbers.js';
import { scanC } from '../../src/rules/lib/text.js';
import { stripComments } from '../../src/tree/c-scan.js';
import * as oracle from './scanner-oracles.js';

/** Text made of the pieces the scanners react to: comments, literals, escapes, braces, directives, odd whitespace. */
const PIECES = ['/', '*', '/*', '*/', '//', '"', "'", '\\', '\\\n', '{', '}', '(', ')', '[', ']', ',', '#', '#if', '#else', '#elif', '#endif', 'do', ' ', '  ', '\t', '\n', '\r', '\u00a0', 'x', 'f(a, b)'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }).map((parts) => parts.join(''));
const rows = fc.array(text.map((t) => t.replace(/\n/g, ' ')), { minLength: 1, maxLength: 6 });
/**
 * One diff line as the model reads it. The old regular expressions stopped
 * `.` at \r, U+2028 and U+2029; a diff line holds none of them but a stray
 * \r, which the survivor reads as any other character.
 */
const line = fc.array(fc.constantFrom(...PIECES.filter((p) => !/[\n\r]/.test(p)), '0x4', '(1UL << 2)', 'BIT(3)', ' * ', '/* c */'), { maxLength: 16 }).map((parts) => parts.join(''));
/** Whole headers as the tree scan reads them: several lines, comments across them, CRLF. */
const header = fc.array(fc.constantFrom(...PIECES, '\r\n', '/* a\n b */', '// x\n', '#define A 1\n'), { maxLength: 24 }).map((parts) => parts.join(''));

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

  it('splitTopLevel as the model splits a call on a line (argsAfter) and the rules split expressions', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(',', '*'), (t, sep) => {
        expect(argsAfter(t)).toEqual(oracle.argsOf(t));
        expect(argsAfter(`f(${t}`)).toEqual(oracle.argsOf(`f(${t}`));
        expect(splitTopLevel(t, sep, { literals: false, blankLast: false })).toEqual(oracle.splitTop(t, sep));
      }),
      { numRuns: 5000 },
    );
  });

  it('splitTopLevel options and argsAfter on strings', () => {
    expect(splitTopLevel('a, "b, c", d')).toEqual(['a', '"b, c"', 'd']);
    expect(splitTopLevel('a, "b, c", d', ',', { literals: false })).toEqual(['a', '"b', 'c"', 'd']);
    expect(splitTopLevel('a, (b, c),', ',', { blankLast: false })).toEqual(['a', '(b, c)']);
    expect(splitTopLevel('a, (b, c),')).toEqual(['a', '(b, c)', '']);
    expect(argsAfter('(&folio->page, folio_nr_pages(folio), false); x(1, 2)')).toEqual(['&folio->page', 'folio_nr_pages(folio)', 'false']);
    expect(argsAfter(' (a, b[1], {c, d}')).toEqual(['a', 'b[1]', '{c, d}']);
    expect(argsAfter('()')).toEqual([]);
  });

  it('stripC (as the fragment wrapper reads rows), braceDepths and openBraces', () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (r, inComment) => {
        const { code, endsInComment } = stripC(r, { startsInComment: inComment });
        expect({ code, endsInComment }).toEqual(oracle.stripCodeState(r, inComment));
        expect(braceDepths(r, inComment)).toEqual(oracle.braceDepths(r, inComment));
        expect(openBraces(code)).toEqual(oracle.openBraces(code));
      }),
      { numRuns: 5000 },
    );
  });

  it('stripC as the rules read added lines (scanC)', () => {
    fc.assert(
      fc.property(rows, (r) => {
        expect(scanC(r)).toStrictEqual(oracle.scanC(r));
      }),
      { numRuns: 5000 },
    );
  });

  it('stripC as the model reads one line and one value (codeOf, bareValue)', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(codeOf(l)).toBe(oracle.codeOf(l));
        expect(stripC([l], { unclosed: 'text', literals: 'keep', lineComments: 'after-blocks' }).code[0]).toBe(oracle.registryValueComments(l));
        expect(bareValue(l)).toBe(oracle.bareValue(l));
      }),
      { numRuns: 5000 },
    );
  });

  it('stripC as the tree scan reads whole headers (stripComments)', () => {
    fc.assert(
      fc.property(header, (h) => {
        expect(stripComments(h)).toBe(oracle.headerComments(h));
      }),
      { numRuns: 5000 },
    );
  });

  it('stripC options on strings', () => {
    const r = ['a = "/*" + 1; /* x', ' y */ b; // c', "'}' /**/ d"];
    expect(stripC(r)).toEqual({ code: ['a =   + 1; ', ' b; ', '   d'], lineComments: [undefined, '// c', undefined], endsInComment: false });
    expect(stripC(r, { comments: 'blank', literals: 'keep' }).code).toEqual([`a = "${' '.repeat(13)}`, '      b; ', "'}'      d"]);
    expect(stripC(['/* x', 'y */ z'], { comments: 'blank', unclosed: 'text', lineComments: 'after-blocks' }).code).toEqual(['    ', '     z']);
    expect(stripC(['a /* x */ b', 'c /* d'], { comments: 'space', literals: 'keep' })).toEqual({ code: ['a   b', 'c '], lineComments: [undefined, undefined], endsInComment: true });
    expect(stripC(['a /* d', 'e'], { unclosed: 'text' })).toEqual({ code: ['a /* d', 'e'], lineComments: [undefined, undefined], endsInComment: false });
    expect(stripC(['a //* b */ c'], { lineComments: 'after-blocks' }).code).toEqual(['a / c']);
    expect(stripC(['a //* b */ c']).code).toEqual(['a ']);
    expect(stripC(['x */ y'], { startsInComment: true }).code).toEqual([' y']);
  });

  it('keeps text that needs no squashing as it is', () => {
    expect(squash('a = f(b, c);')).toBe('a = f(b, c);');
    expect(squash(' a\t=\\\nb  ')).toBe('a = b');
  });
});
