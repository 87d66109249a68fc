import { describe, expect, it } from 'vitest';
import { findLine, hunkFunction, isCFile, parseDiff } from '../../src/diff/index.js';

const D = ['--- a/f.c', '+++ b/f.c', '@@ -10,3 +10,3 @@ int f(void)', ' a', '-b', '+B', ' c', '@@ -30,1 +30,2 @@', ' x', '+y'].join('\n');
const file = parseDiff(D).files[0]!;

describe('line lookups', () => {
  it('finds a line shown in the diff and nothing for a line it does not show', () => {
    expect(findLine(file, 11)).toMatchObject({ kind: 'add', text: 'B' });
    expect(findLine(file, 11, 'old')).toMatchObject({ kind: 'del', text: 'b' });
    expect(findLine(file, 20)).toBeUndefined();
    expect(findLine(file, 32)).toBeUndefined();
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
