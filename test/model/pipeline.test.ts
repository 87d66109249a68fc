import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMap, loadModel, type Touch } from '../../src/model/index.js';
import { CORPUS } from './helpers.js';

/**
 * The matcher through the real stages (mail → series → diff → code) on the
 * 2024 RFC thread. The stages are written in parallel; until each exports
 * what the pipeline needs, this block is skipped and the same assertions run
 * on the test helpers' views in match.test.ts.
 */
describe('matchTouches through the pipeline on roy-gmem-directmap-rfc-v1.mbox', () => {
  const load = async () => {
    const { review } = await import('../../src/review/index.js');
    return review([path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox')], { policy: { rules: [] } });
  };
  const p5 = (ts: Touch[]) => ts.filter((t) => t.location.patchIndex === 5);

  it('names the one-page removal at guest_memfd.c:99 with no flush, on its mbox line', async () => {
    const review = await load();
    const zap = p5(review.touches).find((t) => t.symbol === 'set_direct_map_invalid_noflush');
    expect(zap).toMatchObject({ concept: 'direct-map', role: 'remove', location: { file: 'virt/kvm/guest_memfd.c', line: 99, function: 'kvm_gmem_get_folio', inputLine: 1077 } });
    expect(zap!.detail).toMatch(/^one page · tlb: no flush in function/);
  });

  it('names the restore in invalidate_folio and the new flag', async () => {
    const review = await load();
    const ts = p5(review.touches);
    const restore = ts.find((t) => t.symbol === 'set_direct_map_default_noflush');
    expect(restore).toMatchObject({ role: 'restore', location: { line: 388, function: 'kvm_gmem_invalidate_folio' } });
    expect(restore!.detail).toMatch(/in \.invalidate_folio of kvm_gmem_aops/);
    expect(ts.find((t) => t.symbol === 'KVM_GMEM_NO_DIRECT_MAP' && t.role === 'define-flag')?.location.file).toBe('include/uapi/linux/kvm.h');
    expect(ts.find((t) => t.symbol === 'invalidate_folio')?.role).toBe('register-aop');
  });

  it('prints the map of the thread', async () => {
    const review = await load();
    const text = formatMap(review.series, review.touches, loadModel(), 'text');
    expect(text).toMatch(/virt\/kvm\/guest_memfd\.c:99 kvm_gmem_get_folio {2}direct-map: remove \(set_direct_map_invalid_noflush, one page\) · tlb: no flush in function/);
  });
});

