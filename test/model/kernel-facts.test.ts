import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParser } from '../../src/code/index.js';
import { loadModel, type KernelFacts, type SetterFlush } from '../../src/model/index.js';
import { KERNELS } from '../../src/model/data/index.js';
import { flushAnalysis, keptKernelFacts, KEPT_FACTS_MODULE, wholeFileView, type Extracted } from '../../src/tree/index.js';
import { reviewText, ruleById } from '../rules/tester.js';

const REPO = path.resolve(import.meta.dirname, '../..');
let kept: { extracted: Extracted; module: string };

beforeAll(async () => {
  await ensureParser();
  kept = await keptKernelFacts(REPO);
});

describe('the 6.12 facts module', () => {
  it('is what scripts/extract-facts.mjs makes of fixtures/kernel/6.12 (run npm run extract-facts when this fails)', () => {
    const committed = readFileSync(path.join(REPO, KEPT_FACTS_MODULE), 'utf8');
    if (committed !== kept.module) expect.fail(`${KEPT_FACTS_MODULE} is stale: run npm run extract-facts and commit the result`);
  });

  it('was read without a missing file or initialiser', () => {
    expect(kept.extracted.notes).toEqual([]);
  });
});

describe('extraction from the kept Linux 6.12 files', () => {
  const facts = (): KernelFacts => kept.extracted.facts;
  const setter = (arch: string, symbol: string): SetterFlush | undefined => facts().setters.find((s) => s.arch === arch && s.symbol === symbol);

  it('reads the numbers of every registry, as the model numbers them', () => {
    const n = (symbol: string) => facts().numbers.find((x) => x.symbol === symbol);
    expect(n('KVM_CAP_GUEST_MEMFD')).toMatchObject({ registry: 'kvm-cap', numeric: 234n, file: 'include/uapi/linux/kvm.h' });
    expect(n('KVM_CAP_VM_GPA_BITS')).toMatchObject({ registry: 'kvm-cap', numeric: 207n });
    expect(n('KVM_CREATE_GUEST_MEMFD')).toMatchObject({ registry: 'kvm-ioctl', numeric: 0xd4n });
    expect(n('FOLL_PIN')).toMatchObject({ registry: 'foll', numeric: 19n, file: 'mm/internal.h' });
    expect(n('AS_INACCESSIBLE')).toMatchObject({ registry: 'as-flags', numeric: 8n });
    expect(n('KVM_MEMORY_ATTRIBUTE_PRIVATE')).toMatchObject({ registry: 'kvm-mem-attr', numeric: 3n });
    expect(n('KVM_HC_MAP_GPA_RANGE')).toMatchObject({ registry: 'kvm-hc', numeric: 12n });
    expect(n('KVM_X86_SNP_VM')).toMatchObject({ registry: 'kvm-vm-type', numeric: 4n, file: 'arch/x86/include/uapi/asm/kvm.h' });
    expect(n('KVM_FEATURE_MIGRATION_CONTROL')).toMatchObject({ registry: 'kvm-feature', numeric: 17n });
    expect(facts().numbers.filter((x) => x.registry === 'gmem-flags')).toEqual([]);
    expect(facts().highest).toEqual({ 'kvm-cap': { numeric: 238n, source: 'tree:debian/linux-source-6.12 include/uapi/linux/kvm.h' } });
  });

  it('reads the aops guest_memfd and secretmem install, with #ifdef guards and what the functions call', () => {
    const gmem = facts().aops.find((a) => a.variable === 'kvm_gmem_aops')!;
    expect(gmem.ops.free_folio).toBe('kvm_gmem_free_folio');
    expect(gmem.guards).toEqual({ free_folio: 'CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE' });
    expect(gmem.calls!.kvm_gmem_free_folio!.map((c) => c.callee)).toContain('kvm_arch_gmem_invalidate');
    const secretmem = facts().aops.find((a) => a.variable === 'secretmem_aops')!;
    expect(secretmem.calls!.secretmem_free_folio![0]).toEqual({ callee: 'set_direct_map_default_noflush', args: ['&folio->page'] });
  });

  it('finds the valid_flags mask kvm_gmem_create() checks; no capability reports it in 6.12', () => {
    expect(facts().flagsMask).toMatchObject({ kind: 'variable', name: 'valid_flags', function: 'kvm_gmem_create', checkedIn: 'kvm_gmem_create', flags: [] });
    expect(facts().flagsMask!.reportedBy).toBeUndefined();
  });

  it('knows which setters flush inside, per arch', () => {
    // MODEL.md §2.3 [V]: x86 and arm64 set_direct_map_*_noflush() do not flush; set_memory_*() do (x86 cpa_flush, arm64 __change_memory_common).
    for (const arch of ['x86', 'arm64']) for (const s of ['set_direct_map_invalid_noflush', 'set_direct_map_default_noflush']) expect(setter(arch, s)?.flushes, `${arch} ${s}`).toBe(false);
    for (const arch of ['x86', 'arm64', 'riscv', 'loongarch']) for (const s of ['set_memory_ro', 'set_memory_nx']) expect(setter(arch, s)?.flushes, `${arch} ${s}`).toBe(true);
    // riscv and loongarch route their direct-map setters through __set_memory(), which flushes; s390's instructions purge the TLB.
    for (const arch of ['riscv', 'loongarch', 's390']) expect(setter(arch, 'set_direct_map_invalid_noflush')?.flushes, arch).toBe(true);
    // x86 debug_pagealloc flushes the calling CPU only.
    expect(setter('x86', '__kernel_map_pages')).toMatchObject({ flushes: false, local: true });
  });

  it('reads from api.rst that VM types are bits of the KVM_CAP_VM_TYPES bitmap', () => {
    expect(facts().bitmaps).toEqual([{ registry: 'kvm-vm-type', capability: 'KVM_CAP_VM_TYPES', bits: 31, source: 'tree:debian/linux-source-6.12 Documentation/virt/kvm/api.rst' }]);
  });

  it('agrees with what the model says of the setters it names per arch', () => {
    const model = loadModel('6.12');
    let compared = 0;
    for (const s of facts().setters) {
      const said = model.bySymbol.get(s.symbol)?.flushes?.[s.arch];
      if (said === undefined) continue;
      expect(s.flushes, `${s.arch} ${s.symbol}`).toBe(said);
      compared++;
    }
    expect(compared).toBeGreaterThan(4);
  });
});

describe('flushAnalysis', () => {
  const flushes = (code: string, fn: string) => flushAnalysis(wholeFileView('arch/x86/mm/fake.c', code), loadModel())(fn);

  it('counts a flush on every path, both branches of a condition, and a flush handed over as a callback', () => {
    expect(flushes('int a(unsigned long s, unsigned long e)\n{\n\tchange(s, e);\n\tflush_tlb_kernel_range(s, e);\n\treturn 0;\n}\n', 'a')).toBe('all');
    expect(flushes('void b(int many)\n{\n\tchange();\n\tif (many)\n\t\tflush_tlb_all();\n\telse\n\t\tflush_tlb_kernel_range(0, 1);\n}\n', 'b')).toBe('all');
    expect(flushes('static void one(void *d)\n{\n\tflush_tlb_one_kernel(0);\n}\nvoid c(void)\n{\n\tchange();\n\ton_each_cpu(one, NULL, 1);\n}\n', 'c')).toBe('all');
  });

  it('does not count a flush on some paths only, nor a return after work that skips it', () => {
    expect(flushes('void d(int split)\n{\n\tchange();\n\tif (split)\n\t\tflush_tlb_all();\n}\n', 'd')).toBeUndefined();
    expect(flushes('int e(int small)\n{\n\tif (small) {\n\t\tset_pte(1);\n\t\treturn 0;\n\t}\n\tsplit();\n\tflush_tlb_all();\n\treturn 0;\n}\n', 'e')).toBeUndefined();
    // A bare early return changed nothing.
    expect(flushes('int f(int n)\n{\n\tif (!n)\n\t\treturn 0;\n\tchange(n);\n\tflush_tlb_all();\n\treturn 0;\n}\n', 'f')).toBe('all');
    expect(flushes('void g(void)\n{\n\tchange();\n\t__flush_tlb_all();\n}\n', 'g')).toBe('local');
  });
});

describe('facts per kernel version', () => {
  it('selects the nearest known kernel at or before --kernel, none before 6.12', () => {
    const at = (k: string) => loadModel(k).base?.kernel;
    expect([at('6.8'), at('6.12'), at('6.12.3'), at('6.15'), at('6.18'), at('6.19-rc2'), at('7.0'), at('7.3')]).toEqual([undefined, '6.12', '6.12', '6.12', '6.18', '6.18', '7.0', '7.0']);
  });

  it('moves the flags mask from valid_flags (6.12) to kvm_gmem_get_supported_flags() reported by KVM_CAP_GUEST_MEMFD_FLAGS (6.18)', () => {
    expect(loadModel('6.12').base!.flagsMask).toMatchObject({ kind: 'variable', name: 'valid_flags' });
    expect(loadModel('6.18').base!.flagsMask).toMatchObject({ kind: 'function', name: 'kvm_gmem_get_supported_flags', file: 'include/linux/kvm_host.h', reportedBy: 'KVM_CAP_GUEST_MEMFD_FLAGS' });
    // Every known mask is looked for, this base's first: a series is often written on a newer base than --kernel.
    expect(loadModel('6.12').base!.flagsMasks.map((m) => m.name)).toEqual(['valid_flags', 'kvm_gmem_get_supported_flags']);
  });

  it('has the 6.18 numbers, and every 6.12 uAPI number still', () => {
    const b612 = loadModel('6.12').base!;
    const b618 = loadModel('6.18').base!;
    expect(b612.number('KVM_CAP_GUEST_MEMFD_FLAGS')).toBeUndefined();
    expect(b618.number('KVM_CAP_GUEST_MEMFD_FLAGS')?.numeric).toBe(244n);
    expect(b618.claimants('gmem-flags', 1n).map((n) => n.symbol)).toEqual(['GUEST_MEMFD_FLAG_INIT_SHARED']);
    expect(b618.claimants('as-flags', 10n).map((n) => n.symbol)).toEqual(['AS_KERNEL_FILE']);
    expect(b618.highestTaken('kvm-cap')).toBe(244n);
    for (const n of b612.numbers) expect(b618.number(n.symbol)?.numeric, n.symbol).toBe(n.numeric);
    expect(loadModel('6.18').inKernel('GUEST_MEMFD_FLAG_MMAP')).toBe(true);
    expect(loadModel('6.12').inKernel('KVM_CAP_X86_GUEST_MODE')).toBe(true);
  });

  it('gives every hand-written fact a source', () => {
    for (const k of KERNELS) {
      const facts = [...k.numbers, ...k.aops, ...k.setters, ...(k.flagsMask ? [k.flagsMask] : []), ...Object.values(k.highest ?? {}), ...(k.bitmaps ?? [])];
      for (const f of facts) expect(f.source, `${k.kernel} ${JSON.stringify(f, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)).slice(0, 80)}`).toMatch(/^(tree|lore|url|seed):/);
    }
  });

  it('turns a base number into an error on 6.18 that is only an in-flight info on 6.12', async () => {
    const patch = readFileSync(path.join(REPO, 'fixtures/rules/R20/fail-as-flag.patch'), 'utf8').replace('AS_NO_DIRECT_MAP = 8', 'AS_NO_DIRECT_MAP = 10');
    const rules = [ruleById('R20')];
    const on612 = await reviewText(patch, { rules, model: loadModel('6.12') });
    const on618 = await reviewText(patch, { rules, model: loadModel('6.18') });
    expect(on612.map((f) => `${f.severity} ${f.message}`)).toEqual([expect.stringMatching(/^info AS_NO_DIRECT_MAP = 10 is also claimed by AS_KERNEL_FILE \(mainline 6\.18\)/)]);
    expect(on618.map((f) => `${f.severity} ${f.message}`)).toEqual(['error AS_NO_DIRECT_MAP = 10 collides with AS_KERNEL_FILE = 10 in Linux 6.18.']);
  });

  it('says on 6.18 that KVM_CAP_GUEST_MEMFD_FLAGS already reports a per-flag capability\'s flag', async () => {
    const patch = readFileSync(path.join(REPO, 'fixtures/rules/R21/fail.patch'), 'utf8');
    const [f] = await reviewText(patch, { rules: [ruleById('R21')], model: loadModel('6.18') });
    expect(f!.message).toMatch(/KVM_CAP_GUEST_MEMFD_FLAGS already reports every supported flag in Linux 6\.18/);
  });

  it('lets a tree\'s facts replace the known ones (Model.withBase)', () => {
    const facts: KernelFacts = { ...KERNELS[0]!, kernel: '6.12.999', aops: [{ variable: 'kvm_gmem_aops', file: 'virt/kvm/guest_memfd.c', ops: { free_folio: 'kvm_gmem_release_pages' }, guards: {}, source: 'tree:/x@1 virt/kvm/guest_memfd.c' }] };
    const model = loadModel('6.12').withBase(facts);
    expect(model.base!.kernel).toBe('6.12.999');
    expect(model.base!.installedAs('kvm_gmem_release_pages')).toEqual({ variable: 'kvm_gmem_aops', file: 'virt/kvm/guest_memfd.c', op: 'free_folio' });
    expect(model.base!.installedAs('kvm_gmem_free_folio')).toBeUndefined();
    // extend() keeps the tree's facts
    expect(model.extend([{ ...model.bySymbol.get('folio_zap_direct_map')!, symbol: 'x_zap', derivedFrom: 'folio_zap_direct_map' }]).base!.kernel).toBe('6.12.999');
  });
});

describe('the setters facts in what a call means', () => {
  it('fill in an arch the model entry does not name, and leave the entry\'s own word and generic code alone', () => {
    const model = loadModel('6.12');
    const flushes = (callee: string, file: string) => model.meaning(callee, ['page'], file)!.flushesTlb;
    // riscv's set_direct_map_invalid_noflush() goes through __set_memory(), which flushes (the entry only says x86/arm64: no, '*': no).
    expect(flushes('set_direct_map_invalid_noflush', 'arch/riscv/mm/pageattr.c')).toBe(true);
    expect(flushes('set_direct_map_invalid_noflush', 'arch/x86/mm/pat/set_memory.c')).toBe(false);
    expect(flushes('set_direct_map_invalid_noflush', 'virt/kvm/guest_memfd.c')).toBe(false);
    expect(loadModel('6.8').meaning('set_direct_map_invalid_noflush', ['page'], 'arch/riscv/mm/pageattr.c')!.flushesTlb).toBe(false);
  });
});
