import { describe, expect, it } from 'vitest';
import { findLine, isCFile, parseDiff } from '../../src/diff/index.js';

const D = ['--- a/f.c', '+++ b/f.c', '@@ -10,3 +10,3 @@ int f(void)', ' a', '-b', '+B', ' c', '@@ -30,1 +30,2 @@', ' x', '+y'].join('\n');
const file = parseDiff(D).files[0]!;

describe('line lookups', () => {
  it('finds a line shown in the diff and nothing for a line it does not show', () => {
    expect(findLine(file, 11)).toMatchObject({ kind: 'add', text: 'B' });
    expect(findLine(file, 11, 'old')).toMatchObject({ kind: 'del', text: 'b' });
    expect(findLine(file, 20)).toBeUndefined();
    expect(findLine(file, 32)).toBeUndefined();
  });

  it('knows C files', () => {
    expect(['virt/kvm/guest_memfd.c', 'include/uapi/linux/kvm.h'].map(isCFile)).toEqual([true, true]);
    expect(['Makefile', 'a.cc', 'doc.rst', 'x.c.orig', '', null].map(isCFile)).toEqual([false, false, false, false, false, false]);
  });
});
