import { describe, expect, it } from 'vitest';
import { evalConstant, scanDefines, scanEnums, scanInitializers } from '../../src/tree/c-scan.js';
import { kernelVersionFromMakefile } from '../../src/tree/index.js';

describe('header scanning', () => {
  it('evaluates the constant forms headers use', () => {
    expect(evalConstant('234')).toBe(234n);
    expect(evalConstant('0x80000')).toBe(0x80000n);
    expect(evalConstant('(1ULL << 2)')).toBe(4n);
    expect(evalConstant('1 << 19')).toBe(1n << 19n);
    expect(evalConstant('BIT(3)')).toBe(8n);
    expect(evalConstant('FOO | BAR')).toBeUndefined();
  });

  it('numbers implicit enum members after explicit ones and keeps line numbers', () => {
    const text = 'enum e {\n\tA = 4, /* c, d */\n\tB,\n\t// x = 1,\n\tC = 1 << 3,\n\tD\n};\n';
    const members = scanEnums(text);
    expect(members.map((m) => [m.name, m.absolute, m.line])).toEqual([
      ['A', 4n, 2],
      ['B', 5n, 3],
      ['C', 8n, 5],
      ['D', 9n, 6],
    ]);
    expect(members[0]!.enumName).toBe('e');
  });

  it('stops counting after a value it cannot evaluate', () => {
    const members = scanEnums('enum { X = FOO(1), Y };');
    expect(members.map((m) => m.absolute)).toEqual([undefined, undefined]);
  });

  it('reads object-like defines, joins continuations and skips function-like macros', () => {
    const defs = scanDefines('#define A 1\n#define F(x) (x)\n#define B \\\n\t(1UL << 4)\n# define C /* no */ 0xd4\n');
    expect(defs.map((d) => [d.name, d.absolute, d.line])).toEqual([
      ['A', 1n, 1],
      ['B', 16n, 3],
      ['C', 0xd4n, 5],
    ]);
    // A longer name is no define either: not its name cut before the `(`.
    expect(scanDefines('#define FOO(x) (x)\n#define KVM_CAP_X(n) (n)\n').map((d) => d.name)).toEqual([]);
  });

  it('reads designated initialisers with their #ifdef guards', () => {
    const text = 'static const struct address_space_operations x_aops = {\n\t.a = f,\n#ifdef CONFIG_Y\n\t.b\t= g,\n#else\n\t.c = h,\n#endif\n};\n';
    const [init] = scanInitializers(text, 'address_space_operations');
    expect(init!.variable).toBe('x_aops');
    expect(init!.fields).toEqual([
      { field: 'a', value: 'f', line: 2, guardedBy: undefined },
      { field: 'b', value: 'g', line: 4, guardedBy: 'CONFIG_Y' },
      { field: 'c', value: 'h', line: 6, guardedBy: '!(CONFIG_Y)' },
    ]);
  });

  it('reads the version lines of a Makefile and refuses anything else', () => {
    expect(kernelVersionFromMakefile('VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\n')).toBe('6.12.117');
    expect(kernelVersionFromMakefile('VERSION = 6\nPATCHLEVEL = 13\nSUBLEVEL = 0\nEXTRAVERSION = -rc2\n')).toBe('6.13.0-rc2');
    expect(kernelVersionFromMakefile('all:\n\techo hi\n')).toBeUndefined();
  });
});
