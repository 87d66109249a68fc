import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineAt, parseDiff, type FileDiff } from '../../src/diff/index.js';

/** The line a file's diff shows at n on a side. */
const findLine = (file: FileDiff, n: number, side?: 'new' | 'old') => lineAt({ files: [file] }, file.path, n, side)?.line;

const DIR = path.resolve(import.meta.dirname, '../../examples/direct-map-series');

function diffOf(n: number) {
  const name = fs.readdirSync(DIR).find((f) => f.startsWith(`000${n}-`))!;
  const lines = fs.readFileSync(path.join(DIR, name), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith('diff --git '));
  return { lines, parsed: parseDiff(lines.slice(i).join('\n'), { inputLineOfFirst: i + 1 }) };
}

// New-side numbers were read off the 6.12 files after `git apply` of the three patches.
describe('examples/direct-map-series diffs', () => {
  it('parse without diagnostics, and the signature is not content', () => {
    const totals = [1, 2, 3].map((n) => {
      const { parsed } = diffOf(n);
      expect(parsed.diagnostics).toEqual([]);
      return parsed.files.map((f) => [f.path, f.added, f.removed]);
    });
    expect(totals).toEqual([
      [['virt/kvm/guest_memfd.c', 9, 0]],
      [
        ['include/uapi/linux/kvm.h', 2, 0],
        ['virt/kvm/guest_memfd.c', 23, 2],
      ],
      [['virt/kvm/guest_memfd.c', 17, 0]],
    ]);
  });

  it('puts the direct-map calls on the lines they have in the patched file and in the mail', () => {
    const p2 = diffOf(2);
    const gmem = p2.parsed.files[1]!;
    const zap = findLine(gmem, 123)!;
    expect(zap.text).toBe('\t\tr = set_direct_map_invalid_noflush(&folio->page);');
    expect(p2.lines[zap.inputLine! - 1]).toBe('+' + zap.text);
    expect(gmem.hunks[1]!.header).toBe('static int kvm_gmem_prepare_folio(struct kvm *kvm, struct kvm_memory_slot *slot,');
    expect(findLine(p2.parsed.files[0]!, 1576)?.text).toBe('#define GUEST_MEMFD_FLAG_NO_DIRECT_MAP\t(1ULL << 0)');

    const p3 = diffOf(3).parsed.files[0]!;
    expect(findLine(p3, 413)?.text).toBe('\tBUG_ON(offset || len != PAGE_SIZE);');
    expect(findLine(p3, 418)?.text).toBe('\tset_direct_map_default_noflush(&folio->page);');
    expect(findLine(p3, 426)?.kind).toBe('add');
  });
});
