import { describe, expect, it } from 'vitest';
import { lineAt, hunkFunction, isCFile, locationAt, parseDiff, type FileDiff } from '../../src/diff/index.js';

/** The line a file's diff shows at n on a side. */
const findLine = (file: FileDiff, n: number, side?: 'new' | 'old') => lineAt({ files: [file] }, file.path, n, side)?.line;

const D = ['--- a/f.c', '+++ b/f.c', '@@ -10,3 +10,3 @@ int f(void)', ' a', '-b', '+B', ' c', '@@ -30,1 +30,2 @@', ' x', '+y'].join('\n');
const file = parseDiff(D).files[0]!;

describe('line lookups', () => {
  it('finds a line shown in the diff and nothing for a line it does not show', () => {
    expect(findLine(file, 11)).toMatchObject({ kind: 'add', text: 'B' });
    expect(findLine(file, 11, 'old')).toMatchObject({ kind: 'del', text: 'b' });
    expect(findLine(file, 20)).toBeUndefined();
    expect(findLine(file, 32)).toBeUndefined();
  });

  it('finds a line of a patch by any name of its file, context lines on both sides, the first shown winning', () => {
    const renamed = parseDiff(['diff --git a/old.c b/new.c', 'similarity index 90%', 'rename from old.c', 'rename to new.c', '--- a/old.c', '+++ b/new.c', '@@ -1,2 +1,2 @@', ' k', '-o', '+n', '@@ -2,1 +2,1 @@', '-p', '+q'].join('\n'));
    expect(lineAt(renamed, 'old.c', 1, 'old')).toMatchObject({ at: 0, line: { kind: 'context', text: 'k' } });
    expect(lineAt(renamed, 'new.c', 1)).toMatchObject({ at: 0, line: { kind: 'context', text: 'k' } });
    // Two hunks claiming new line 2: the first one shown is the answer.
    expect(lineAt(renamed, 'new.c', 2)).toMatchObject({ at: 2, line: { kind: 'add', text: 'n' } });
    expect(lineAt(renamed, 'other.c', 1)).toBeUndefined();
  });

  it('builds a location from the diff line shown there, else from the place given', () => {
    const patch = { index: 2, messageId: 'm@x', subject: 's', files: [file] };
    const ref = lineAt(patch, 'f.c', 11, 'old')!;
    expect(locationAt(patch, { file: 'f.c', side: 'old', line: 11, text: 'ignored', function: 'f' }, ref)).toEqual({ patchIndex: 2, messageId: 'm@x', subject: 's', file: 'f.c', line: 11, side: 'old', function: 'f', text: 'b' });
    expect(Object.keys(locationAt({ index: 0, subject: 's' }, { file: '', side: 'new', line: 0, text: 's', inputLine: 7 }))).toEqual(['patchIndex', 'subject', 'file', 'line', 'side', 'text', 'inputLine']);
  });

  it('reads the function git names in a hunk header', () => {
    expect(hunkFunction('static int kvm_gmem_bind(struct kvm *kvm, struct kvm_memory_slot *slot,')).toBe('kvm_gmem_bind');
    expect(hunkFunction('int foo(void) {')).toBe('foo');
    // The function, not an annotation or call after its parameters.
    expect(hunkFunction('static void foo(struct kvm *kvm) __must_hold(&kvm->lock)')).toBe('foo');
    expect(hunkFunction('SYSCALL_DEFINE2(memfd_secret, unsigned int, flags)')).toBe('SYSCALL_DEFINE2');
    // A statement is not a function.
    expect(['if (x) {', 'for (i = 0; i < n; i++)', 'while (foo(x))', 'return bar(y);', 'sizeof(struct page)'].map(hunkFunction)).toEqual([
      undefined,
      undefined,
      undefined,
      'bar',
      undefined,
    ]);
    expect(['', 'struct kvm_x86_ops vmx_x86_ops __initdata = {'].map(hunkFunction)).toEqual([undefined, undefined]);
  });

  it('knows C files', () => {
    expect(['virt/kvm/guest_memfd.c', 'include/uapi/linux/kvm.h'].map(isCFile)).toEqual([true, true]);
    expect(['Makefile', 'a.cc', 'doc.rst', 'x.c.orig', '', null].map(isCFile)).toEqual([false, false, false, false, false, false]);
  });
});
