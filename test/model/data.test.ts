import { describe, expect, it } from 'vitest';
import { CONCEPTS, compareKernelVersions, loadModel, presentIn, statusText, type RegistryClaim } from '../../src/model/index.js';

const model = loadModel();

describe('model data', () => {
  it('gives every entry a concept, status, source, semantics and facts', () => {
    for (const e of model.entries) {
      expect(CONCEPTS, e.symbol).toContain(e.concept);
      expect(e.source, e.symbol).toMatch(/^(tree|lore|url|seed):/);
      expect(e.semantics.length, e.symbol).toBeGreaterThan(10);
      expect(e.semantics, e.symbol).not.toMatch(/\n/);
      expect(e.facts.length, e.symbol).toBeGreaterThan(0);
      expect(statusText(e.status)).not.toBe('');
    }
  });

  it('names no symbol twice', () => {
    const seen = new Map<string, number>();
    for (const e of model.entries) seen.set(e.symbol, (seen.get(e.symbol) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('references only fact ids that exist, and every fact has a source', () => {
    for (const e of model.entries) for (const id of e.facts) expect(model.facts.has(id), `${e.symbol} → ${id}`).toBe(true);
    for (const f of model.facts.values()) expect(f.sources.length, f.id).toBeGreaterThan(0);
  });

  it('covers every fact id of MODEL.md §2', () => {
    const expected = [['GUP', 10], ['GM', 17], ['DM', 13], ['FO', 7], ['ASI', 8], ['KPE', 7], ['REG', 7]] as const;
    for (const [prefix, n] of expected) for (let i = 1; i <= n; i++) expect(model.facts.has(`${prefix}-${String(i).padStart(2, '0')}`)).toBe(true);
  });

  it('carries granularity, flushes and returns on the direct-map primitives', () => {
    for (const e of model.entries.filter((x) => x.concept === 'direct-map' && x.kind === 'function' && (x.role === 'remove' || x.role === 'restore'))) {
      expect(e.granularity, e.symbol).toBeDefined();
      expect(e.flushes, e.symbol).toBeDefined();
      expect(e.returns, e.symbol).toBeDefined();
    }
    expect(model.bySymbol.get('set_direct_map_valid_noflush')?.flushes).toEqual({ x86: false, arm64: true, s390: true });
    expect(model.bySymbol.get('folio_zap_direct_map')?.flushes?.['*']).toBe(true);
  });
});

describe('registry claims', () => {
  const key = (c: RegistryClaim) => `${c.registry}:${c.numeric}`;
  for (const kernel of ['6.8', '6.10', '6.11', '6.12', '6.13', '6.16', '6.18', '7.0']) {
    it(`never collide among mainline symbols of ${kernel}`, () => {
      const live = loadModel(kernel).claims.filter((c) => presentIn(c.status, kernel));
      const byNumber = new Map<string, RegistryClaim[]>();
      for (const c of live) byNumber.set(key(c), [...(byNumber.get(key(c)) ?? []), c]);
      // Arch-only ioctls share numbers in the kernel itself (KVM_ARM_MTE_COPY_TAGS and KVM_S390_IRQ are both 0xb4).
      const archIoctls = (cs: RegistryClaim[]): boolean => cs.every((c) => c.status.kind === 'base' && c.registry === 'kvm-ioctl');
      const collisions = [...byNumber].filter(([, cs]) => new Set(cs.map((c) => c.symbol)).size > 1 && !archIoctls(cs));
      expect(collisions.map(([k, cs]) => `${k} ${cs.map((c) => c.symbol).join(' ')}`)).toEqual([]);
    });
  }

  it('keeps the known in-flight collisions as data', () => {
    const at = (registry: string, n: bigint) => model.claims.filter((c) => c.registry === registry && c.numeric === n).map((c) => c.symbol).sort();
    expect(at('gmem-flags', 2n)).toEqual(['GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 'GUEST_MEMFD_FLAG_WRITE']);
    expect(at('gmem-flags', 0n)).toHaveLength(4);
    expect(at('foll', 19n)).toEqual(['FOLL_KVM', 'FOLL_PIN']);
    expect(at('foll', 20n)).toEqual(['FOLL_FAST_ONLY', 'FOLL_KVM']);
    expect(at('as-flags', 10n)).toEqual(['AS_KERNEL_FILE', 'AS_NO_DIRECT_MAP']);
    expect(at('as-flags', 11n)).toEqual(['AS_NO_DIRECT_MAP']);
    expect(at('kvm-ioctl', 0xd6n)).toHaveLength(2);
    expect(at('kvm-hc', 12n)).toEqual(['KVM_HC_ENABLE_MEM_PROTECTED', 'KVM_HC_MAP_GPA_RANGE']);
    for (const n of [236n, 245n, 247n]) expect(model.claims.some((c) => c.registry === 'kvm-cap' && c.numeric === n && c.status.kind === 'series')).toBe(true);
  });

  it('stores the value text it was read from', () => {
    const foll = model.claims.filter((c) => c.symbol === 'FOLL_KVM').map((c) => c.value).sort();
    expect(foll).toEqual(['0x100000', '0x80000']);
    expect(model.claims.find((c) => c.symbol === 'KVM_CREATE_GUEST_MEMFD')?.numeric).toBe(0xd4n);
  });
});

describe('version selection', () => {
  const m68 = loadModel('6.8');
  const m612 = loadModel('6.12');
  const m618 = loadModel('6.18');

  it('defaults to 6.12', () => expect(loadModel().kernel).toBe('6.12'));

  it('compares versions as numbers, rc before release', () => {
    expect(compareKernelVersions('6.8', '6.12')).toBe(-1);
    expect(compareKernelVersions('6.12', '6.8')).toBe(1);
    expect(compareKernelVersions('6.12', 'v6.12.0')).toBe(0);
    expect(compareKernelVersions('6.13-rc2', '6.13')).toBe(-1);
    expect(compareKernelVersions('6.12.117', '6.13-rc1')).toBe(-1);
    expect(loadModel('6.13-rc1').inKernel('set_direct_map_valid_noflush')).toBe(false);
  });

  it('selects mainline symbols by numeric version', () => {
    expect([m68, m612, m618].map((m) => m.inKernel('KVM_CREATE_GUEST_MEMFD'))).toEqual([true, true, true]);
    expect([m68, m612, m618].map((m) => m.inKernel('AS_INACCESSIBLE'))).toEqual([false, true, true]);
    expect([m68, m612, m618].map((m) => m.inKernel('AS_UNMOVABLE'))).toEqual([true, false, false]);
    expect([m68, m612, m618].map((m) => m.inKernel('set_direct_map_valid_noflush'))).toEqual([false, false, true]);
    expect([m68, m612, m618].map((m) => m.inKernel('GUEST_MEMFD_FLAG_MMAP'))).toEqual([false, false, true]);
    expect([m68, m612, m618].map((m) => m.inKernel('KVM_CAP_X86_GUEST_MODE'))).toEqual([false, true, true]);
  });

  it('never puts series, RFC or removed symbols in a kernel', () => {
    for (const m of [m68, m612, m618]) {
      for (const s of ['GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 'folio_zap_direct_map', 'FOLL_KVM', 'asi_enter', '__GFP_SENSITIVE', 'KVM_GMEM_NO_DIRECT_MAP', 'FOLL_NUMA', 'kernel_map_pages']) {
        expect(m.inKernel(s), `${s} in ${m.kernel}`).toBe(false);
      }
    }
    expect(loadModel('5.4').inKernel('FOLL_NUMA')).toBe(true);
  });

  it('refuses a kernel that is not a version', () => {
    expect(() => loadModel('latest')).toThrow(/6\.12/);
  });
});
