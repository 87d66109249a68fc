import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, matchTouches, type Touch } from '../../src/model/index.js';
import { CORPUS, patchesFromMbox, readPatch, viewsOf } from './helpers.js';

const model = loadModel();

function touchesOf(name: string, withViews = true): Touch[] {
  const patch = readPatch(name);
  return matchTouches(patch, withViews ? viewsOf(patch) : [], model);
}

const find = (ts: Touch[], symbol: string, line?: number) => ts.filter((t) => t.symbol === symbol && (line === undefined || t.location.line === line));

describe('matchTouches on fixtures/model/gmem-no-direct-map.patch', () => {
  const ts = touchesOf('gmem-no-direct-map.patch');

  it('reports the new uapi flag with its bit and the in-flight claim of the same bit', () => {
    const [flag] = find(ts, 'GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 1602);
    expect(flag).toMatchObject({ concept: 'guest-memfd', role: 'define-flag', location: { file: 'include/uapi/linux/kvm.h', side: 'new' } });
    expect(flag!.detail).toMatch(/gmem-flags bit 2/);
    expect(flag!.detail).toMatch(/GUEST_MEMFD_FLAG_WRITE \(series v6/);
  });

  it('sees the supported-mask update and the arch opt-in', () => {
    expect(find(ts, 'kvm_arch_gmem_supports_no_direct_map', 723)[0]?.role).toBe('check-capability');
    expect(find(ts, 'GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 724)[0]).toMatchObject({ role: 'check-flag', location: { file: 'include/linux/kvm_host.h' } });
  });

  it('names a per-page removal inside a folio loop, flushed once after it', () => {
    const [zap] = find(ts, 'set_direct_map_invalid_noflush', 70);
    expect(zap).toMatchObject({ concept: 'direct-map', role: 'remove', location: { function: 'kvm_gmem_zap_direct_map' } });
    expect(zap!.detail).toMatch(/per iteration of for \(i = 0; i < folio_nr_pages\(folio\); i\+\+\)/);
    expect(zap!.detail).not.toMatch(/no flush/);
    expect(find(ts, 'flush_tlb_kernel_range', 74)[0]).toMatchObject({ concept: 'tlb', role: 'flush' });
    expect(find(ts, 'set_direct_map_default_noflush', 79)[0]?.role).toBe('restore');
    expect(find(ts, 'folio_address', 65)[0]?.role).toBe('access');
  });

  it('reads the valid argument of set_direct_map_valid_noflush and names the aop the function implements', () => {
    const [restore] = find(ts, 'set_direct_map_valid_noflush', 523);
    expect(restore).toMatchObject({ role: 'restore', location: { function: 'kvm_gmem_free_folio' } });
    expect(restore!.detail).toMatch(/folio_nr_pages\(folio\) pages/);
    expect(restore!.detail).toMatch(/in \.free_folio of kvm_gmem_aops/);
  });

  it('counts documentation and selftests by path', () => {
    const doc = ts.filter((t) => t.location.file === 'Documentation/virt/kvm/api.rst');
    expect(doc.map((t) => `${t.role} ${t.symbol}`).sort()).toEqual(['document GUEST_MEMFD_FLAG_NO_DIRECT_MAP', 'document KVM_CAP_GUEST_MEMFD_FLAGS']);
    const test = ts.filter((t) => t.location.file.startsWith('tools/testing/selftests/'));
    expect(test.map((t) => `${t.role} ${t.symbol}`)).toEqual(['test GUEST_MEMFD_FLAG_NO_DIRECT_MAP']);
  });

  it('touches only added and deleted lines, with their mbox line', () => {
    for (const t of ts) {
      expect(t.location.inputLine, `${t.symbol}@${t.location.line}`).toBeGreaterThan(0);
      expect(t.location.patchIndex).toBe(1);
      expect(t.location.messageId).toBe('fixture-gmem-ndm-1@example.org');
    }
    expect(find(ts, 'GUEST_MEMFD_FLAG_MMAP')).toEqual([]);
    expect(find(ts, 'kvm_arch_gmem_invalidate')).toEqual([]);
  });

  it('finds the same calls line by line when no C view is given', () => {
    const bare = touchesOf('gmem-no-direct-map.patch', false);
    const key = (t: Touch) => `${t.location.file}:${t.location.line} ${t.role} ${t.symbol}`;
    const calls = ['set_direct_map_invalid_noflush', 'set_direct_map_default_noflush', 'set_direct_map_valid_noflush', 'flush_tlb_kernel_range', 'GUEST_MEMFD_FLAG_NO_DIRECT_MAP'];
    expect(bare.filter((t) => calls.includes(t.symbol)).map(key)).toEqual(ts.filter((t) => calls.includes(t.symbol)).map(key));
  });
});

describe('matchTouches on fixtures/model/gup-no-direct-map.patch', () => {
  const ts = touchesOf('gup-no-direct-map.patch');

  it('reports the AS_ and FOLL_ numbers with the values that collide', () => {
    const [as] = find(ts, 'AS_NO_DIRECT_MAP');
    expect(as).toMatchObject({ role: 'define-flag', location: { file: 'include/linux/pagemap.h', line: 213 } });
    expect(as!.detail).toMatch(/as-flags 10 = 10/);
    expect(as!.detail).toMatch(/AS_KERNEL_FILE \(mainline 6\.18\)/);
    const [foll] = find(ts, 'FOLL_KVM');
    expect(foll!.detail).toMatch(/foll bit 19 = 0x80000/);
    expect(foll!.detail).toMatch(/FOLL_PIN \(mainline/);
  });

  it('sees the refusal swapped on both sides of the GUP paths', () => {
    expect(find(ts, 'vma_is_secretmem')[0]).toMatchObject({ role: 'refuse', location: { side: 'old', function: 'check_vma_flags' } });
    expect(find(ts, 'vma_has_no_direct_map')[0]).toMatchObject({ role: 'refuse', location: { side: 'new', function: 'check_vma_flags' } });
    expect(find(ts, 'secretmem_mapping')[0]?.location.side).toBe('old');
    expect(find(ts, 'mapping_no_direct_map')[0]).toMatchObject({ role: 'refuse', location: { function: 'gup_fast_folio_allowed' } });
  });
});

describe('matchTouches on fixtures/model/asi-and-arch.patch', () => {
  const ts = touchesOf('asi-and-arch.patch');

  it('reports ASI annotations, enter and exit', () => {
    expect(find(ts, '__asi_not_sensitive')[0]).toMatchObject({ concept: 'asi', role: 'annotate' });
    expect(find(ts, '__GFP_LOCAL_NONSENSITIVE')[0]).toMatchObject({ concept: 'asi', role: 'annotate', location: { function: 'kvm_arch_vcpu_create' } });
    expect(find(ts, 'asi_enter')[0]).toMatchObject({ role: 'enter', location: { function: 'vcpu_enter_guest' } });
    expect(find(ts, 'asi_relax')[0]?.role).toBe('exit');
    expect(find(ts, 'page_address')[0]?.location.side).toBe('old');
  });

  it('does not ask for a flush where the arch primitive flushes itself', () => {
    const [zap] = find(ts, 'set_direct_map_valid_noflush');
    expect(zap).toMatchObject({ role: 'remove', location: { file: 'arch/arm64/kvm/gmem.c', function: 'kvm_arch_gmem_zap' } });
    expect(zap!.detail).toBe('folio_nr_pages(folio) pages');
  });
});

describe('matchTouches on the 2024 direct-map RFC (corpus)', () => {
  const patches = patchesFromMbox(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox'));
  const p5 = patches.find((p) => p.index === 5)!;
  const ts = matchTouches(p5, viewsOf(p5), model);

  it('finds the one-page removal at guest_memfd.c:99 with no flush', () => {
    const [zap] = find(ts, 'set_direct_map_invalid_noflush');
    expect(zap).toMatchObject({ concept: 'direct-map', role: 'remove', location: { file: 'virt/kvm/guest_memfd.c', line: 99, function: 'kvm_gmem_get_folio', text: '\t\tr = set_direct_map_invalid_noflush(&folio->page);' } });
    expect(zap!.detail).toMatch(/^one page · tlb: no flush in function/);
    expect(zap!.location.inputLine).toBe(1077);
  });

  it('finds the restore in invalidate_folio, under BUG_ON', () => {
    const [restore] = find(ts, 'set_direct_map_default_noflush');
    expect(restore).toMatchObject({ role: 'restore', location: { line: 388, function: 'kvm_gmem_invalidate_folio' } });
    expect(restore!.detail).toMatch(/one page/);
    expect(restore!.detail).toMatch(/result under BUG_ON/);
    expect(restore!.detail).toMatch(/in \.invalidate_folio of kvm_gmem_aops/);
    expect(find(ts, 'invalidate_folio')[0]).toMatchObject({ role: 'register-aop', detail: 'kvm_gmem_aops.invalidate_folio = kvm_gmem_invalidate_folio' });
  });

  it('finds the new flag KVM_GMEM_NO_DIRECT_MAP, its check and the valid_flags site', () => {
    const [def] = find(ts, 'KVM_GMEM_NO_DIRECT_MAP').filter((t) => t.role === 'define-flag');
    expect(def?.location.file).toBe('include/uapi/linux/kvm.h');
    expect(def!.detail).toMatch(/bit 0.*GUEST_MEMFD_FLAG_MMAP \(mainline 6\.18\)/);
    expect(find(ts, 'KVM_GMEM_NO_DIRECT_MAP', 484)[0]?.role).toBe('check-flag');
    expect(find(ts, 'valid_flags', 484)[0]?.role).toBe('check-flag');
  });

  it('does not take symbols named in comments for touches', () => {
    expect(find(ts, 'free_folio')).toEqual([]);
    expect(find(ts, 'PG_private')).toEqual([]);
  });

  it('finds the widened secretmem predicate of patch 7 (truth F4)', () => {
    const p7 = patches.find((p) => p.index === 7)!;
    const t7 = matchTouches(p7, viewsOf(p7), model);
    expect(find(t7, 'AS_INACCESSIBLE', 11)[0]).toMatchObject({ role: 'check-flag', location: { file: 'include/linux/secretmem.h', function: 'secretmem_mapping' } });
  });
});
