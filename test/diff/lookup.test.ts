import { describe, expect, it } from 'vitest';
import { addedLines, findLine, hunkAt, isCFile, newLineIndex, oldLineIndex, parseDiff } from '../../src/diff/index.js';

const D = ['--- a/f.c', '+++ b/f.c', '@@ -10,3 +10,3 @@ int f(void)', ' a', '-b', '+B', ' c', '@@ -30,1 +30,2 @@', ' x', '+y'].join('\n');
const file = parseDiff(D).files[0]!;

describe('line lookups', () => {
  it('indexes the new side (add + context) and the old side (del + context)', () => {
    expect([...newLineIndex(file).entries()].map(([n, l]) => [n, l.kind, l.text])).toEqual([
      [10, 'context', 'a'],
      [11, 'add', 'B'],
      [12, 'context', 'c'],
      [30, 'context', 'x'],
      [31, 'add', 'y'],
    ]);
    expect([...oldLineIndex(file).keys()]).toEqual([10, 11, 12, 30]);
    expect(oldLineIndex(file).get(11)!.kind).toBe('del');
  });

  it('finds a line shown in the diff and nothing for a line it does not show', () => {
    expect(findLine(file, 11)).toMatchObject({ kind: 'add', text: 'B' });
    expect(findLine(file, 11, 'old')).toMatchObject({ kind: 'del', text: 'b' });
    expect(findLine(file, 20)).toBeUndefined();
    expect(findLine(file, 32)).toBeUndefined();
    expect(hunkAt(file, 31)?.newStart).toBe(30);
    expect(hunkAt(file, 13)).toBeUndefined();
    expect(hunkAt(file, 12)?.header).toBe('int f(void)');
  });

  it('lists added lines in order', () => {
    expect(addedLines(file).map((l) => l.newLine)).toEqual([11, 31]);
  });

  it('knows C files', () => {
    expect(['virt/kvm/guest_memfd.c', 'include/uapi/linux/kvm.h'].map(isCFile)).toEqual([true, true]);
    expect(['Makefile', 'a.cc', 'doc.rst', 'x.c.orig', '', null].map(isCFile)).toEqual([false, false, false, false, false, false]);
  });
});
