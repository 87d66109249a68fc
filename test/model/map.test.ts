import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMap, loadModel, matchTouches, summarizeSeries, type Touch } from '../../src/model/index.js';
import { CORPUS, patchesFromMbox, readPatch, seriesOf, viewsOf } from './helpers.js';

const model = loadModel();
const rfc = seriesOf('Unmapping guest_memfd from Direct Map', patchesFromMbox(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox')));
const rfcTouches: Touch[] = rfc.patches.flatMap((p) => matchTouches(p, viewsOf(p), model));

describe('summarizeSeries', () => {
  const s = summarizeSeries(rfc, rfcTouches, model);

  it('lists the new uapi flag with its value and the other claims of its bit', () => {
    expect(s.newFlags).toHaveLength(1);
    expect(s.newFlags[0]).toMatchObject({ symbol: 'KVM_GMEM_NO_DIRECT_MAP', value: '(1ULL << 0)', registry: 'gmem-flags', number: 'bit 0', status: 'rfc-only 2024' });
    expect(s.newFlags[0]!.alsoClaimedBy).toContain('GUEST_MEMFD_FLAG_MMAP (mainline 6.18)');
  });

  it('lists removal and restore sites across patches', () => {
    expect(s.removals.map((r) => `${r.location.patchIndex} ${r.location.file}:${r.location.line} ${r.symbol}`)).toEqual([
      '5 virt/kvm/guest_memfd.c:99 set_direct_map_invalid_noflush',
      '6 virt/kvm/kvm_main.c:3317 set_direct_map_invalid_noflush',
      '6 virt/kvm/kvm_main.c:3474 set_direct_map_invalid_noflush',
      '6 virt/kvm/pfncache.c:190 set_direct_map_invalid_noflush',
    ]);
    expect(s.restores.map((r) => `${r.location.patchIndex} ${r.function} ${r.symbol}`)).toContain('5 kvm_gmem_invalidate_folio set_direct_map_default_noflush');
    expect(s.flushes).toEqual([]);
  });

  it('lists the GUP paths the secretmem patch changes', () => {
    expect(s.gupPaths.map((g) => `${g.function} ${g.symbol}`)).toEqual(expect.arrayContaining(['secretmem_mapping AS_INACCESSIBLE', 'vma_is_secretmem secretmem_mapping']));
    expect(s.asiAnnotations).toEqual([]);
  });

  it('counts ASI annotations of another series', () => {
    const p = readPatch('asi-and-arch.patch');
    const asi = seriesOf('asi', [p]);
    const sum = summarizeSeries(asi, matchTouches(p, viewsOf(p), model), model);
    expect(sum.asiAnnotations.map((a) => a.symbol)).toEqual(['__asi_not_sensitive', 'asi_enter', 'asi_relax', '__GFP_LOCAL_NONSENSITIVE']);
  });
});

describe('formatMap', () => {
  it('prints per patch and hunk what a reviewer names, then the summary', () => {
    const text = formatMap([rfc], rfcTouches, model, 'text');
    expect(text).toContain('Series: Unmapping guest_memfd from Direct Map v1 (8 patches; model for Linux 6.12)');
    expect(text).toContain('  [5/8] [RFC PATCH 5/8] kvm: gmem: add option to remove guest private memory from direct map');
    expect(text).toMatch(/\n {6}virt\/kvm\/guest_memfd\.c:99 kvm_gmem_get_folio {2}direct-map: remove \(set_direct_map_invalid_noflush, one page\) · tlb: no flush in function/);
    expect(text).toMatch(/guest_memfd\.c:388 kvm_gmem_invalidate_folio {2}direct-map: restore \(set_direct_map_default_noflush, one page\) · result under BUG_ON · in \.invalidate_folio of kvm_gmem_aops/);
    expect(text).toContain('  [2/8] [RFC PATCH 2/8] kvm: use slowpath in gfn_to_hva_cache if memory is private  — no protected-memory touches');
    expect(text).toMatch(/new flags and numbers:\n {6}KVM_GMEM_NO_DIRECT_MAP = \(1ULL << 0\) \(gmem-flags bit 0\) — rfc-only 2024; also claimed by /);
    expect(text).toMatch(/direct-map removal sites:\n {6}virt\/kvm\/guest_memfd\.c:99 kvm_gmem_get_folio {2}set_direct_map_invalid_noflush \(one page · tlb: no flush/);
    const hunkHeader = text.indexOf('@@ virt/kvm/guest_memfd.c -74 +82 @@');
    expect(hunkHeader).toBeGreaterThan(0);
    expect(text.indexOf('guest_memfd.c:99 ')).toBeGreaterThan(hunkHeader);
  });

  it('gives the same content as JSON', () => {
    const doc = JSON.parse(formatMap([rfc], rfcTouches, model, 'json')) as { kernel: string; series: { patches: { index: number; hunks: { file: string; lines: { line: number; touches: Touch[] }[] }[] }[]; summary: { newFlags: { symbol: string }[] } }[] };
    expect(doc.kernel).toBe('6.12');
    const p5 = doc.series[0]!.patches.find((p) => p.index === 5)!;
    const lines = p5.hunks.flatMap((h) => h.lines.map((l) => `${h.file}:${l.line}`));
    expect(lines).toContain('virt/kvm/guest_memfd.c:99');
    expect(doc.series[0]!.summary.newFlags.map((f) => f.symbol)).toEqual(['KVM_GMEM_NO_DIRECT_MAP']);
  });

  it('says so when the input has no series', () => {
    expect(formatMap([], [], model, 'text')).toBe('No patch series in the input.\n');
  });
});
