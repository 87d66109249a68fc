import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseFacts, loadModel, type BaseFacts, type KernelFacts } from '../../src/model/index.js';
import { applySeries, openTree, readTreeFacts, type KernelTree, type KernelTreeFacts } from '../../src/tree/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatchDir } from './format-patch.js';

let tree: KernelTree;
let facts: KernelTreeFacts;
let base: BaseFacts;

beforeAll(async () => {
  tree = await openTree(ensureKernelTree());
  facts = await readTreeFacts(tree, 'v6.12-debian');
  base = baseFacts(facts.base!);
});

const registry = (f: KernelFacts, r: string): Map<string, bigint> => new Map(f.numbers.filter((n) => n.registry === r).map((n) => [n.symbol, n.numeric]));

describe('readTreeFacts on Debian 6.12', () => {
  it('reads the kernel version from the top Makefile', () => {
    expect(facts.kernel).toMatch(/^6\.12\.\d+$/);
    expect(facts.base!.kernel).toBe(facts.kernel);
    expect(facts.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('reads KVM capability and ioctl numbers from include/uapi/linux/kvm.h', () => {
    const caps = registry(facts.base!, 'kvm-cap');
    expect(caps.get('KVM_CAP_GUEST_MEMFD')).toBe(234n);
    expect(caps.get('KVM_CAP_USER_MEMORY2')).toBe(231n);
    expect(caps.get('KVM_CAP_X86_GUEST_MODE')).toBe(238n);
    expect(caps.get('KVM_CAP_VM_GPA_BITS')).toBe(207n);
    expect(caps.size).toBeGreaterThan(200);
    expect(base.highestTaken('kvm-cap')).toBe(238n);
    const ioctls = registry(facts.base!, 'kvm-ioctl');
    expect(ioctls.get('KVM_CREATE_GUEST_MEMFD')).toBe(0xd4n);
    expect(ioctls.get('KVM_PRE_FAULT_MEMORY')).toBe(0xd5n);
    expect(base.number('KVM_MEM_GUEST_MEMFD')?.numeric).toBe(2n);
    expect(base.number('KVM_MEMORY_ATTRIBUTE_PRIVATE')?.numeric).toBe(3n);
    expect(base.number('KVM_HC_MAP_GPA_RANGE')?.numeric).toBe(12n);
  });

  it('reads the x86 VM types from the x86 uapi header', () => {
    expect(Object.fromEntries(registry(facts.base!, 'kvm-vm-type'))).toEqual({ KVM_X86_DEFAULT_VM: 0n, KVM_X86_SW_PROTECTED_VM: 1n, KVM_X86_SEV_VM: 2n, KVM_X86_SEV_ES_VM: 3n, KVM_X86_SNP_VM: 4n });
  });

  it('counts enum mapping_flags on through implicit values and leaves the order fields out', () => {
    const as = registry(facts.base!, 'as-flags');
    expect(as.get('AS_INACCESSIBLE')).toBe(8n);
    expect(as.get('AS_EIO')).toBe(0n);
    expect(as.get('AS_STABLE_WRITES')).toBe(7n);
    expect(as.has('AS_FOLIO_ORDER_MIN')).toBe(false);
    expect(as.has('AS_FOLIO_ORDER_BITS')).toBe(false);
  });

  it('reads FOLL_* from mm_types.h and mm/internal.h as bit indexes, as the model numbers them', () => {
    const foll = registry(facts.base!, 'foll');
    expect(foll.get('FOLL_PIN')).toBe(19n); // 1 << 19
    expect(foll.get('FOLL_FAST_ONLY')).toBe(20n);
    expect(foll.get('FOLL_WRITE')).toBe(0n);
    expect(foll.get('FOLL_LONGTERM')).toBe(8n);
    expect(foll.has('INTERNAL_GUP_FLAGS')).toBe(false);
  });

  it('has no guest_memfd flags in 6.12, and finds the local valid_flags mask kvm_gmem_create() checks', () => {
    expect(registry(facts.base!, 'gmem-flags')).toEqual(new Map());
    expect(facts.base!.flagsMask).toMatchObject({ kind: 'variable', name: 'valid_flags', function: 'kvm_gmem_create', checkedIn: 'kvm_gmem_create', file: 'virt/kvm/guest_memfd.c', flags: [] });
  });

  it('agrees with every mainline claim of the model that the tree has', () => {
    const model = loadModel('6.12');
    let compared = 0;
    for (const c of model.claims) {
      if (c.status.kind !== 'mainline' || !model.inKernel(c.symbol)) continue;
      const value = base.number(c.symbol);
      if (value === undefined || value.registry !== c.registry) continue;
      expect(value.numeric, `${c.registry} ${c.symbol}`).toBe(c.numeric);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('lists the address_space operations guest_memfd and secretmem install, and which op a function is', () => {
    const gmem = facts.base!.aops.find((a) => a.variable === 'kvm_gmem_aops')!;
    expect(gmem.file).toBe('virt/kvm/guest_memfd.c');
    expect(gmem.ops).toEqual({ dirty_folio: 'noop_dirty_folio', migrate_folio: 'kvm_gmem_migrate_folio', error_remove_folio: 'kvm_gmem_error_folio', free_folio: 'kvm_gmem_free_folio' });
    expect(gmem.guards).toEqual({ free_folio: 'CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE' });
    expect(base.installedAs('kvm_gmem_free_folio')).toEqual({ variable: 'kvm_gmem_aops', file: 'virt/kvm/guest_memfd.c', op: 'free_folio', guard: 'CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE' });
    expect(base.installedAs('secretmem_free_folio')).toEqual({ variable: 'secretmem_aops', file: 'mm/secretmem.c', op: 'free_folio' });
    expect(base.installedAs('kvm_gmem_invalidate_folio')).toBeUndefined();
  });

  it('reads facts at a commit of an applied series: the new flag, AS bit and aop appear', async () => {
    const applied = await applySeries(tree, readFormatPatchDir(path.join(REPO, 'fixtures/tree/gmem-nodirectmap')));
    try {
      const after = await readTreeFacts(tree, applied.patches[2]!.commit!);
      const at = baseFacts(after.base!);
      expect(at.number('GUEST_MEMFD_FLAG_NO_DIRECT_MAP')?.numeric).toBe(0n);
      expect(at.number('AS_NO_DIRECT_MAP')?.numeric).toBe(9n);
      expect(at.installedAs('kvm_gmem_free_direct_map')?.op).toBe('invalidate_folio');
      expect(after.base!.flagsMask!.flags).toEqual(['GUEST_MEMFD_FLAG_NO_DIRECT_MAP']);
    } finally {
      await applied.dispose();
    }
  });

  it('turns a revision the tree lacks into a diagnostic', async () => {
    const none = await readTreeFacts(tree, 'no-such-rev');
    expect(none.kernel).toBeUndefined();
    expect(none.base).toBeUndefined();
    expect(none.diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(none.diagnostics[0]!.message).toMatch(/no-such-rev: not a commit/);
  });
});
