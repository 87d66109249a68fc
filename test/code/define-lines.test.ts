import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineOn, enumMemberOn, evaluateConstant } from '../../src/code/index.js';
import { definedOn } from '../../src/model/match.js';
import { numberedOn } from '../../src/rules/lib/defines.js';
import { scanDefines } from '../../src/tree/c-scan.js';
import * as oracle from './scanner-oracles.js';

/** Lines made of what the define and enum readers react to: names of each case, parameters, values, comments, odd blanks. */
const PIECES = ['#define', '# define', '#', 'define', ' ', '  ', '\t', '\r', '\u2028', 'FOO', 'Foo', 'f', '_', '9', '1', '0x4', '(', ')', 'x', ',', '=', '/*', '*/', '//', '\\', '<<', 'KVM_CAP_X'];
const line = fc
  .tuple(fc.constantFrom('', '#define ', ' # define\t', '\t'), fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }))
  .map(([lead, parts]) => lead + parts.join(''));
const header = fc.array(line, { maxLength: 6 }).map((lines) => lines.join('\n'));

describe('one #define/enum line reader', () => {
  it('gives each reader what its own pattern gave', () => {
    fc.assert(
      fc.property(line, (l) => {
        const model = definedOn(l);
        expect(model && [model.name, model.value]).toEqual(oracle.modelDefine(l));
        const rules = numberedOn(l);
        expect(rules && [rules.name, rules.value]).toEqual(oracle.rulesNumber(l));
        expect(defineOn(l)?.name).toBe(oracle.definedName(l));
      }),
      { numRuns: 10000 },
    );
  });

  it('gives the header scan what it read', () => {
    fc.assert(
      fc.property(header, (h) => {
        expect(scanDefines(h).map((d) => ({ ...d }))).toEqual(oracle.scanDefines(h, (v) => evaluateConstant(v)));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads names and values on strings', () => {
    expect(defineOn('# define  FOO(x) (x) /* c */')).toEqual({ name: 'FOO', rest: '(x) (x) /* c */' });
    expect(defineOn('#defineFOO 1')).toBeUndefined();
    expect(defineOn('\t#define A')).toEqual({ name: 'A', rest: '' });
    expect(enumMemberOn('\tKVM_CAP_X = 236, /* new */')).toEqual({ name: 'KVM_CAP_X', value: '236' });
    expect(enumMemberOn('\tfoo = 1,')).toBeUndefined();
    expect(definedOn('#define f(x) (x)')).toEqual({ name: 'f', value: '(x) (x)' });
    expect(numberedOn('#define f(x) (x)')).toBeUndefined();
    expect(numberedOn('#define FOO')).toBeUndefined();
    expect(numberedOn('#define FOO (1 << 2)')).toEqual({ name: 'FOO', value: '(1 << 2)' });
  });
});
