import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import parseDiff from 'parse-diff';
import { lineAtHead, rightSideLines } from '../../src/publish/index.js';
import type { Hunk } from '../../src/diff/index.js';
import { makePull, seriesOf } from './helpers.js';

describe('rightSideLines', () => {
  it('gives added and context lines with their new-file numbers, not deleted ones', () => {
    const patch = ['@@ -10,4 +10,5 @@ int f(void)', ' a', '-b', '+B', '+C', ' d', '', '@@ -40 +41,2 @@', ' x', '+y', '\\ No newline at end of file'].join('\n');
    expect([...rightSideLines(patch)]).toEqual([
      [10, 'a'],
      [11, 'B'],
      [12, 'C'],
      [13, 'd'],
      [14, ''],
      [41, 'x'],
      [42, 'y'],
    ]);
  });

  it('is empty for binary files and files without a patch', () => {
    expect(rightSideLines(undefined).size).toBe(0);
    expect(rightSideLines('').size).toBe(0);
  });

  it('agrees with parse-diff on a real git diff', () => {
    const { diff } = makePull();
    for (const file of parseDiff(diff)) {
      const part = diff.split(/^(?=diff --git )/m).find((p) => p.includes(`+++ b/${file.to}\n`))!;
      const hunks = part.slice(part.indexOf('\n@@') + 1);
      const expected = file.chunks.flatMap((c) => c.changes.flatMap((ch) => (ch.type === 'add' ? [ch.ln] : ch.type === 'normal' ? [ch.ln2] : [])));
      expect([...rightSideLines(hunks).keys()]).toEqual(expected);
    }
  });
});

function hunk(oldStart: number, oldLines: number, newStart: number, lines: Hunk['lines']): Hunk {
  return { oldStart, oldLines, newStart, newLines: lines.filter((l) => l.kind !== 'del').length, header: '', lines };
}

describe('lineAtHead', () => {
  const file = 'virt/kvm/guest_memfd.c';
  // Patch 2: inserts two lines after old line 5, rewrites old line 20.
  const later = seriesOf([
    {},
    {
      files: [
        {
          oldPath: file,
          newPath: file,
          path: file,
          status: 'modified',
          binary: false,
          added: 3,
          removed: 1,
          hunks: [
            hunk(5, 0, 6, [
              { kind: 'add', newLine: 6, text: 'x', diffLine: 0 },
              { kind: 'add', newLine: 7, text: 'y', diffLine: 1 },
            ]),
            hunk(19, 3, 21, [
              { kind: 'context', oldLine: 19, newLine: 21, text: 'c', diffLine: 3 },
              { kind: 'del', oldLine: 20, text: 'old', diffLine: 4 },
              { kind: 'add', newLine: 22, text: 'new', diffLine: 5 },
              { kind: 'context', oldLine: 21, newLine: 23, text: 'd', diffLine: 6 },
            ]),
          ],
        },
      ],
    },
  ]);

  it('keeps lines above later hunks, shifts lines below them, loses rewritten lines', () => {
    expect(lineAtHead(later, 1, file, 5)).toBe(5);
    expect(lineAtHead(later, 1, file, 6)).toBe(8);
    expect(lineAtHead(later, 1, file, 19)).toBe(21);
    expect(lineAtHead(later, 1, file, 20)).toBeUndefined();
    expect(lineAtHead(later, 1, file, 30)).toBe(32);
  });

  it('leaves the last patch, other files and unknown series alone', () => {
    expect(lineAtHead(later, 2, file, 6)).toBe(6);
    expect(lineAtHead(later, 1, 'mm/other.c', 6)).toBe(6);
    expect(lineAtHead(undefined, 1, file, 6)).toBe(6);
  });

  it('never maps a line onto a line the later patch added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (line) => {
        const at = lineAtHead(later, 1, file, line);
        expect(at === undefined || ![6, 7, 22].includes(at)).toBe(true);
      }),
    );
  });
});
