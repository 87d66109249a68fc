import { describe, expect, it } from 'vitest';
import { evaluateConstant } from '../../src/code/index.js';

describe('evaluateConstant', () => {
  it.each([
    ['1ULL << 2', 4n], ['(1 << 3)', 8n], ['0x80000', 0x80000n], ['_BITUL(2)', 4n], ['BIT(2)', 4n], ['BIT_ULL(40)', 1n << 40n],
    ['_IO(KVMIO, 0xd4)', 0xd4n], ['_IOWR(KVMIO, 0xd5, struct kvm_pre_fault_memory)', 0xd5n], ['GENMASK(3, 0)', 15n],
    ['(1UL << 3) | (1UL << 0)', 9n], ['010', 8n], ['0b101', 5n], ['(u64)1 << 63', 1n << 63n], ['~0UL', (1n << 64n) - 1n],
    ['-1', -1n], ['4 * 1024 / 2 % 3', 2n], ['1 ? 5 : 6', 5n], ['/* flag */ 3', 3n],
  ])('%s = %s', (text, value) => {
    expect(evaluateConstant(text)).toBe(value);
  });

  it.each([['"gmem"'], [''], ['foo(1)'], ['UNKNOWN_FLAG'], ['1 / 0'], ['1 <<'], ['(1'], ['1 << 4000'], ['x->y']])('%s is not a number pmreview can trust', (text) => {
    expect(evaluateConstant(text)).toBeUndefined();
  });

  it('resolves names through the lookup', () => {
    const known = new Map([['KVM_GMEM_A', 1n], ['KVM_GMEM_B', 2n]]);
    expect(evaluateConstant('(KVM_GMEM_A | KVM_GMEM_B)', (n) => known.get(n))).toBe(3n);
    expect(evaluateConstant('KVM_GMEM_C', (n) => known.get(n))).toBeUndefined();
  });
});
