import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/index.js';
import { applySeries, openTree, readTreeFacts, type KernelTree, type KernelTreeFacts } from '../../src/tree/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatchDir } from './format-patch.js';

let tree: KernelTree;
let facts: KernelTreeFacts;

beforeAll(async () => {
  tree = await openTree(ensureKernelTree());
  facts = await readTreeFacts(tree, 'v6.12-debian');
});

describe('readTreeFacts on Debian 6.12', () => {
  it('reads the kernel version from the top Makefile', () => {
    expect(facts.kernel).toMatch(/^6\.12\.\d+$/);
    expect(facts.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('reads KVM capability and ioctl numbers from include/uapi/linux/kvm.h', () => {
    const caps = facts.registries.get('kvm-cap')!;
    expect(caps.get('KVM_CAP_GUEST_MEMFD')).toBe(234n);
    expect(caps.get('KVM_CAP_USER_MEMORY2')).toBe(231n);
    expect(caps.get('KVM_CAP_X86_GUEST_MODE')).toBe(238n);
    expect(caps.size).toBeGreaterThan(200);
    const ioctls = facts.registries.get('kvm-ioctl')!;
    expect(ioctls.get('KVM_CREATE_GUEST_MEMFD')).toBe(0xd4n);
    expect(ioctls.get('KVM_PRE_FAULT_MEMORY')).toBe(0xd5n);
    expect(facts.registries.get('kvm-memslot-flags')!.get('KVM_MEM_GUEST_MEMFD')).toBe(2n);
  });

  it('counts enum mapping_flags on through implicit values and leaves the order fields out', () => {
    const as = facts.registries.get('as-flags')!;
    expect(as.get('AS_INACCESSIBLE')).toBe(8n);
    expect(as.get('AS_EIO')).toBe(0n);
    expect(as.get('AS_STABLE_WRITES')).toBe(7n);
    expect(as.has('AS_FOLIO_ORDER_MIN')).toBe(false);
    expect(as.has('AS_FOLIO_ORDER_BITS')).toBe(false);
  });

  it('reads FOLL_* from mm_types.h and mm/internal.h as bit indexes, as the model numbers them', () => {
    const foll = facts.registries.get('foll')!;
    expect(foll.get('FOLL_PIN')).toBe(19n); // 1 << 19
    expect(foll.get('FOLL_FAST_ONLY')).toBe(20n);
    expect(foll.get('FOLL_WRITE')).toBe(0n);
    expect(foll.get('FOLL_LONGTERM')).toBe(8n);
    expect(foll.has('INTERNAL_GUP_FLAGS')).toBe(false);
  });

  it('has no guest_memfd flags in 6.12, but reports the registry', () => {
    expect(facts.registries.get('gmem-flags')).toEqual(new Map());
  });

  it('agrees with every mainline claim of the model that the tree has', () => {
    const model = loadModel('6.12');
    let compared = 0;
    for (const c of model.claims) {
      if (c.status.kind !== 'mainline' || !model.inKernel(c.symbol)) continue;
      const value = facts.registries.get(c.registry)?.get(c.symbol);
      if (value === undefined) continue;
      expect(value, `${c.registry} ${c.symbol}`).toBe(c.numeric);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('lists the address_space operations guest_memfd and secretmem install', () => {
    const gmem = facts.aops.find((a) => a.variable === 'kvm_gmem_aops')!;
    expect(gmem.file).toBe('virt/kvm/guest_memfd.c');
    expect(Object.fromEntries(gmem.ops)).toEqual({
      dirty_folio: 'noop_dirty_folio',
      migrate_folio: 'kvm_gmem_migrate_folio',
      error_remove_folio: 'kvm_gmem_error_folio',
      free_folio: 'kvm_gmem_free_folio',
    });
    expect(gmem.guardedBy.get('free_folio')).toBe('CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE');
    expect(gmem.ops.has('invalidate_folio')).toBe(false);
    const secretmem = facts.aops.find((a) => a.variable === 'secretmem_aops')!;
    expect(secretmem.ops.get('free_folio')).toBe('secretmem_free_folio');
    expect(secretmem.guardedBy.size).toBe(0);
  });

  it('reads facts at a commit of an applied series: the new flag, AS bit and aop appear', async () => {
    const applied = await applySeries(tree, readFormatPatchDir(path.join(REPO, 'fixtures/tree/gmem-nodirectmap')));
    try {
      const after = await readTreeFacts(tree, applied.patches[2]!.commit!);
      expect(after.registries.get('gmem-flags')!.get('GUEST_MEMFD_FLAG_NO_DIRECT_MAP')).toBe(0n);
      expect(after.registries.get('as-flags')!.get('AS_NO_DIRECT_MAP')).toBe(9n);
      expect(after.aops.find((a) => a.variable === 'kvm_gmem_aops')!.ops.get('invalidate_folio')).toBe('kvm_gmem_free_direct_map');
    } finally {
      await applied.dispose();
    }
  });

  it('turns a revision the tree lacks into a diagnostic', async () => {
    const none = await readTreeFacts(tree, 'no-such-rev');
    expect(none.kernel).toBeUndefined();
    expect(none.diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(none.diagnostics[0]!.message).toMatch(/no-such-rev: not a commit/);
  });
});
