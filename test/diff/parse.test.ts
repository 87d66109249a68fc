import { describe, expect, it } from 'vitest';
import { parseDiff, type DiffLine } from '../../src/diff/index.js';

const brief = (l: DiffLine) => [l.kind, l.oldLine ?? null, l.newLine ?? null, l.diffLine, l.text];

const TWO_HUNKS = [
  'diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c', // 0
  'index 8f079a61a56d..3c2e1c4f1a2b 100644', // 1
  '--- a/virt/kvm/guest_memfd.c', // 2
  '+++ b/virt/kvm/guest_memfd.c', // 3
  '@@ -10,4 +10,5 @@ static int kvm_gmem_prepare_folio(struct kvm *kvm)', // 4
  ' int a;', // 5  old 10 new 10
  '-int b;', // 6  old 11
  '+int c;', // 7  new 11
  '+int d;', // 8  new 12
  ' int e;', // 9  old 12 new 13
  ' int f;', // 10 old 13 new 14
  '@@ -40,3 +41,2 @@', // 11
  ' x', // 12 old 40 new 41
  '-y', // 13 old 41
  ' z', // 14 old 42 new 42
].join('\n');

describe('parseDiff line numbers', () => {
  it('numbers every line of two hunks (hand-checked)', () => {
    const { files, diagnostics } = parseDiff(TWO_HUNKS);
    expect(diagnostics).toEqual([]);
    expect(files).toHaveLength(1);
    const [h1, h2] = files[0]!.hunks;
    expect(h1!.lines.map(brief)).toEqual([
      ['context', 10, 10, 5, 'int a;'],
      ['del', 11, null, 6, 'int b;'],
      ['add', null, 11, 7, 'int c;'],
      ['add', null, 12, 8, 'int d;'],
      ['context', 12, 13, 9, 'int e;'],
      ['context', 13, 14, 10, 'int f;'],
    ]);
    expect(h2!.lines.map(brief)).toEqual([
      ['context', 40, 41, 12, 'x'],
      ['del', 41, null, 13, 'y'],
      ['context', 42, 42, 14, 'z'],
    ]);
    expect(files[0]).toMatchObject({ path: 'virt/kvm/guest_memfd.c', status: 'modified', added: 2, removed: 2, binary: false });
  });

  it('keeps the function header, trimmed, and "" when there is none', () => {
    const [h1, h2] = parseDiff(TWO_HUNKS).files[0]!.hunks;
    expect(h1!.header).toBe('static int kvm_gmem_prepare_folio(struct kvm *kvm)');
    expect(h2!.header).toBe('');
    expect(h1).toMatchObject({ oldStart: 10, oldLines: 4, newStart: 10, newLines: 5 });
  });

  it('sets inputLine = inputLineOfFirst + diffLine', () => {
    const lines = parseDiff(TWO_HUNKS, { inputLineOfFirst: 100 }).files[0]!.hunks[0]!.lines;
    expect(lines.map((l) => l.inputLine)).toEqual([105, 106, 107, 108, 109, 110]);
    expect(parseDiff(TWO_HUNKS).files[0]!.hunks[0]!.lines[0]!.inputLine).toBeUndefined();
  });

  it('reads `@@ -N +M @@` single-line counts', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -3 +3 @@', '-old', '+new'].join('\n');
    const h = parseDiff(d).files[0]!.hunks[0]!;
    expect(h).toMatchObject({ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1 });
    expect(h.lines.map(brief)).toEqual([
      ['del', 3, null, 3, 'old'],
      ['add', null, 3, 4, 'new'],
    ]);
  });

  it('splits several files and keeps each its own numbers', () => {
    const d = [
      'diff --git a/a.c b/a.c',
      '--- a/a.c',
      '+++ b/a.c',
      '@@ -1,1 +1,2 @@',
      ' one',
      '+two',
      'diff --git a/include/uapi/linux/kvm.h b/include/uapi/linux/kvm.h',
      '--- a/include/uapi/linux/kvm.h',
      '+++ b/include/uapi/linux/kvm.h',
      '@@ -7,2 +7,1 @@',
      '-#define A 1',
      ' #define B 2',
    ].join('\n');
    const { files } = parseDiff(d);
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([
      ['a.c', 1, 0],
      ['include/uapi/linux/kvm.h', 0, 1],
    ]);
    expect(files[1]!.hunks[0]!.lines.map(brief)).toEqual([
      ['del', 7, null, 10, '#define A 1'],
      ['context', 8, 7, 11, '#define B 2'],
    ]);
  });
});

describe('parseDiff content that looks like headers', () => {
  it('keeps `---`/`+++`/`diff --git` lines inside a hunk as content', () => {
    const d = [
      'diff --git a/doc.txt b/doc.txt',
      '--- a/doc.txt',
      '+++ b/doc.txt',
      '@@ -1,2 +1,3 @@',
      '--- a/old-name',
      '+++ b/new-name',
      '+diff --git a/x b/x',
      ' tail',
    ].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files).toHaveLength(1);
    expect(files[0]!.hunks[0]!.lines.map(brief)).toEqual([
      ['del', 1, null, 4, '-- a/old-name'],
      ['add', null, 1, 5, '++ b/new-name'],
      ['add', null, 2, 6, 'diff --git a/x b/x'],
      ['context', 2, 3, 7, 'tail'],
    ]);
  });

  it('never takes the trailing `-- ` signature for a deleted line', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,2 +1,1 @@', '-gone', ' kept', '-- ', '2.45.2', ''].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files[0]!.removed).toBe(1);
    expect(files[0]!.hunks[0]!.lines).toHaveLength(2);
  });

  it('stops a short hunk at the signature and says so', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,3 +1,1 @@', '-gone', ' kept', '-- ', '2.45.2'].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(files[0]!.removed).toBe(1);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', inputLine: 3, message: expect.stringMatching(/short by 1 old and 0 new/) })]);
  });

  it('does not let a short hunk swallow the next hunk header', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,4 +1,4 @@', ' a', '-b', '+c', '@@ -20,1 +20,1 @@', '-x', '+y'].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(files[0]!.hunks).toHaveLength(2);
    expect(files[0]!.hunks[1]!.lines.map(brief)).toEqual([
      ['del', 20, null, 7, 'x'],
      ['add', null, 20, 8, 'y'],
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ inputLine: 3, severity: 'error' });
  });

  it('warns about diff lines after a hunk whose counts are too small', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,1 +1,1 @@', '-a', '+b', '+c'].join('\n');
    const { files, diagnostics } = parseDiff(d, { inputLineOfFirst: 50, input: 'x.mbox' });
    expect(files[0]!.added).toBe(1);
    expect(diagnostics).toEqual([{ severity: 'warning', message: expect.stringMatching(/outside any hunk/), inputLine: 55, input: 'x.mbox' }]);
  });
});

describe('parseDiff around the diff', () => {
  it('ignores a diffstat and the `---` separator before the first file', () => {
    const d = ['---', ' virt/kvm/guest_memfd.c | 2 +-', ' 1 file changed, 1 insertion(+), 1 deletion(-)', '', 'diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c', '--- a/virt/kvm/guest_memfd.c', '+++ b/virt/kvm/guest_memfd.c', '@@ -1 +1 @@', '-a', '+b'].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([['virt/kvm/guest_memfd.c', 1, 1]]);
    expect(files[0]!.hunks[0]!.lines[0]!.diffLine).toBe(8);
  });

  it('reads svn `Index:` diffs with revisions after a tab', () => {
    const d = ['Index: lib/x.c', '===================================================================', '--- lib/x.c\t(revision 1234)', '+++ lib/x.c\t(working copy)', '@@ -5,2 +5,2 @@', ' a', '-b', '+c'].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => [f.oldPath, f.newPath, f.status])).toEqual([['lib/x.c', 'lib/x.c', 'modified']]);
    expect(files[0]!.hunks[0]!.lines.map((l) => l.newLine ?? l.oldLine)).toEqual([5, 6, 6]);
  });
});

describe('parseDiff `\\ No newline at end of file`', () => {
  it('is not a line and does not shift numbers', () => {
    const d = [
      '--- a/f',
      '+++ b/f',
      '@@ -1,2 +1,2 @@',
      ' same',
      '-last',
      '\\ No newline at end of file',
      '+last',
      '\\ No newline at end of file',
    ].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files[0]!.hunks[0]!.lines.map(brief)).toEqual([
      ['context', 1, 1, 3, 'same'],
      ['del', 2, null, 4, 'last'],
      ['add', null, 2, 6, 'last'],
    ]);
    expect([files[0]!.added, files[0]!.removed]).toEqual([1, 1]);
  });

  it('also skips a translated marker', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -0,0 +1 @@', '+x', '\\ Kein Zeilenumbruch am Dateiende.', ' '].join('\n');
    const { files } = parseDiff(d);
    expect(files[0]!.hunks[0]!.lines.map(brief)).toEqual([['add', null, 1, 3, 'x']]);
  });
});

describe('parseDiff mail damage', () => {
  it('reads CRLF line ends', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c'].join('\r\n');
    const l = parseDiff(d).files[0]!.hunks[0]!.lines;
    expect(l.map((x) => x.text)).toEqual(['a', 'b', 'c']);
  });

  it('takes an empty line inside a hunk as a context line whose space was trimmed', () => {
    const d = ['--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c'].join('\n');
    const { files, diagnostics } = parseDiff(d);
    expect(diagnostics).toEqual([]);
    expect(files[0]!.hunks[0]!.lines.map(brief)).toEqual([
      ['context', 1, 1, 3, 'a'],
      ['context', 2, 2, 4, ''],
      ['del', 3, null, 5, 'b'],
      ['add', null, 3, 6, 'c'],
    ]);
  });

  it('turns garbage into diagnostics, never a throw', () => {
    expect(parseDiff('')).toEqual({ files: [], diagnostics: [] });
    const junk = parseDiff('hello\nworld\n');
    expect(junk.files).toEqual([]);
    expect(junk.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/no file diff/) })]);
    const bad = parseDiff('--- a/f\n+++ b/f\n@@ -x +y @@\n+z\n');
    expect(bad.diagnostics.some((d) => /malformed hunk header/.test(d.message))).toBe(true);
    expect(parseDiff(undefined as unknown as string).files).toEqual([]);
  });

  it('warns about a hunk with no file header', () => {
    const { files, diagnostics } = parseDiff('@@ -1 +1 @@\n-a\n+b\n');
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toEqual(['hunk without a file header', 'file diff without a file name']);
  });
});
