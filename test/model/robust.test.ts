import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMap, loadModel, matchTouches, registryNumber, summarizeSeries } from '../../src/model/index.js';
import { patchFromMail, seriesOf, viewsOf } from './helpers.js';

const model = loadModel();
const pieces = ['set_direct_map_invalid_noflush(', '&folio->page', 'folio_page(f, 0)', ')', '(', ';', ',', '#define ', 'GUEST_MEMFD_FLAG_X ', '(1ULL << ', '0x', '99', 'KVM_CAP_', '/*', '*/', '//', '.free_folio = ', '{', '}', 'for (i = 0; i < n; i++)', ' ', '\t', 'AS_NO_DIRECT_MAP = ', 'enum x {', 'static int f(', 'BUG_ON(', 'asi_enter()', '"', "'", '\\'];
const codeLine = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((a) => a.join('').replace(/\n/g, ' '));
const diffLine = fc.tuple(fc.constantFrom('+', '-', ' '), codeLine).map(([m, t]) => m + t);

describe('bad or odd input', () => {
  it('never makes the matcher, the summary or the map throw', () => {
    fc.assert(
      fc.property(fc.array(diffLine, { maxLength: 30 }), fc.constantFrom('mm/gup.c', 'Documentation/x.rst', 'tools/testing/selftests/kvm/t.c', 'Kconfig', 'arch/arm64/x.c'), (lines, file) => {
        const mail = `Subject: [PATCH 1/1] t\nMessage-ID: <p@x>\n\n---\ndiff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1,30 +1,30 @@ static int f(void)\n${lines.join('\n')}\n`;
        const patch = patchFromMail(mail);
        const touches = matchTouches(patch, viewsOf(patch), model);
        for (const t of touches) expect(t.location.file).toBe(file);
        const s = seriesOf('t', [patch]);
        summarizeSeries(s, touches, model);
        formatMap([s], touches, model, 'text');
        JSON.parse(formatMap([s], touches, model, 'json'));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the number forms headers use and refuses the rest', () => {
    expect(registryNumber('gmem-flags', '(1ULL << 2)')).toBe(2n);
    expect(registryNumber('gmem-flags', 'BIT_ULL(3)')).toBe(3n);
    expect(registryNumber('foll', '0x80000')).toBe(19n);
    expect(registryNumber('foll', '0x3')).toBeUndefined();
    expect(registryNumber('kvm-cap', '236')).toBe(236n);
    expect(registryNumber('kvm-ioctl', '_IOWR(KVMIO,  0xd4, struct kvm_create_guest_memfd)')).toBe(0xd4n);
    expect(registryNumber('as-flags', '10,\t/* comment */')).toBeUndefined();
    expect(registryNumber('as-flags', '11 /* moved */')).toBe(11n);
    expect(registryNumber('kvm-cap', 'KVM_CAP_FOO + 1')).toBeUndefined();
    expect(registryNumber('kvm-cap', '0x')).toBeUndefined();
    // a fuzzed header: four rules failed with "Maximum BigInt size exceeded"
    expect(registryNumber('kvm-cap', '(1ULL << 99999999)')).toBeUndefined();
    expect(registryNumber('kvm-cap', '1 << 127')).toBe(1n << 127n);
  });
});
