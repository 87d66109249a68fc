import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiff, type FileDiff } from '../../src/diff/index.js';

const MAIL = path.resolve(import.meta.dirname, '../../fixtures/parser/patchwork/mail');
const OWN = path.resolve(import.meta.dirname, '../../fixtures/diff');

/** The diff part of a fixture mail: from the first `diff `/`Index:`/`--- ` line, with its 1-based mbox line. */
function diffOf(prefix: string): { text: string; first: number } {
  const name = fs.readdirSync(MAIL).find((f) => f.startsWith(prefix))!;
  const lines = fs.readFileSync(path.join(MAIL, name), 'utf8').split('\n');
  const i = lines.findIndex((l) => /^(diff |Index:|--- )/.test(l));
  return { text: lines.slice(i).join('\n'), first: i + 1 };
}

const shape = (f: FileDiff) => ({ oldPath: f.oldPath, newPath: f.newPath, status: f.status, binary: f.binary, added: f.added, removed: f.removed });

describe('git extended headers (patchwork parser fixtures)', () => {
  it('0008: rename only, similarity 100%, no hunks', () => {
    const { files, diagnostics } = parseDiff(diffOf('0008').text);
    expect(diagnostics).toEqual([]);
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({
      oldPath: 'package/rpi-userland/rpi-userland-add-pkgconfig-files.patch',
      newPath: 'package/rpi-userland/rpi-userland-000-add-pkgconfig-files.patch',
      path: 'package/rpi-userland/rpi-userland-000-add-pkgconfig-files.patch',
      status: 'renamed',
      similarity: 100,
      hunks: [],
    });
  });

  it('0009: rename with a hunk (whose counts the fixture gets wrong by one)', () => {
    const { text, first } = diffOf('0009');
    const { files, diagnostics } = parseDiff(text, { inputLineOfFirst: first });
    expect(files[0]).toMatchObject({ status: 'renamed', added: 1, removed: 1 });
    expect(files[0]!.hunks[0]!.lines.find((l) => l.kind === 'add')).toMatchObject({ newLine: 102, text: 'b' });
    // `@@ -100,7 +100,7 @@` over 6 old and 6 new lines: reported on the header's mbox line.
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', inputLine: first + 4 })]);
    expect(files[1]).toMatchObject({ status: 'renamed', hunks: [] });
  });

  it('0011: no newline at end of file, symlinks added as new files', () => {
    const { text, first } = diffOf('0011');
    const { files, diagnostics } = parseDiff(text, { inputLineOfFirst: first });
    expect(diagnostics).toEqual([]);
    expect(files.map(shape)).toEqual([
      { oldPath: 'tools/testing/selftests/powerpc/Makefile', newPath: 'tools/testing/selftests/powerpc/Makefile', status: 'modified', binary: false, added: 1, removed: 1 },
      { oldPath: null, newPath: 'tools/testing/selftests/powerpc/vphn/vphn.c', status: 'added', binary: false, added: 1, removed: 0 },
      { oldPath: null, newPath: 'tools/testing/selftests/powerpc/vphn/vphn.h', status: 'added', binary: false, added: 1, removed: 0 },
    ]);
    expect(files[1]!.newMode).toBe('120000');
    expect(files[1]!.hunks[0]!.lines).toEqual([
      { kind: 'add', newLine: 1, text: '../../../../../arch/powerpc/mm/vphn.c', diffLine: 19, inputLine: first + 19 },
    ]);
    // The Makefile's `+TARGETS` line sits on mbox line 24 of the fixture.
    expect(files[0]!.hunks[0]!.lines.find((l) => l.kind === 'add')).toMatchObject({ newLine: 16, inputLine: 24 });
  });

  it('0021: empty new file', () => {
    const { files, diagnostics } = parseDiff(diffOf('0021').text);
    expect(diagnostics).toEqual([]);
    expect(files.map(shape)).toEqual([{ oldPath: null, newPath: 'banana', status: 'added', binary: false, added: 0, removed: 0 }]);
    expect(files[0]!.newMode).toBe('100644');
  });

  it('0022: mode change only', () => {
    const { files } = parseDiff(diffOf('0022').text);
    expect(files[0]).toMatchObject({ path: 'scripts/kconfig/nconf-cfg.sh', status: 'modified', oldMode: '100644', newMode: '100755', hunks: [] });
  });

  it('0025: binary file added with --no-prefix names', () => {
    const { files, diagnostics } = parseDiff(diffOf('0025').text);
    expect(diagnostics).toEqual([]);
    expect(files.map(shape)).toEqual([{ oldPath: null, newPath: 'pixel.bmp', status: 'added', binary: true, added: 0, removed: 0 }]);
    expect(files[0]!.hunks).toEqual([]);
  });

  it('0026: binary and text files mixed', () => {
    const { files } = parseDiff(diffOf('0026').text);
    expect(files.map(shape)).toEqual([
      { oldPath: null, newPath: 'pixel.bmp', status: 'added', binary: true, added: 0, removed: 0 },
      { oldPath: null, newPath: 'quit.sh', status: 'added', binary: false, added: 3, removed: 0 },
    ]);
    expect(files[1]!.hunks[0]!.lines.map((l) => l.newLine)).toEqual([1, 2, 3]);
  });

  it('0027: binary file modified', () => {
    const { files } = parseDiff(diffOf('0027').text);
    expect(files.map(shape)).toEqual([{ oldPath: 'pixel.bmp', newPath: 'pixel.bmp', status: 'modified', binary: true, added: 0, removed: 0 }]);
  });

  it('0007: CVS diff with Index:, RCS lines and timestamps', () => {
    const { text, first } = diffOf('0007');
    const { files, diagnostics } = parseDiff(text, { inputLineOfFirst: first });
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => [f.path, f.status, f.added, f.removed])).toEqual([
      ['bfd/elf-bfd.h', 'modified', 2, 0],
      ['bfd/elflink.c', 'modified', 3, 0],
      ['bfd/elfxx-mips.c', 'modified', 1, 0],
    ]);
    const h = files[0]!.hunks[0]!;
    expect(h.header).toBe('struct elf_link_hash_entry');
    // `+  /* Symbol should not be versioned…` is mbox line 95, new line 201.
    expect(h.lines.find((l) => l.kind === 'add')).toMatchObject({ newLine: 201, inputLine: 95 });
  });
});

describe('git extended headers (own fixtures)', () => {
  const read = (name: string) => parseDiff(fs.readFileSync(path.join(OWN, name), 'utf8'));

  it('rename with changes and a similarity index', () => {
    const { files, diagnostics } = read('rename-with-changes.diff');
    expect(diagnostics).toEqual([]);
    expect(files[0]).toMatchObject({ oldPath: 'virt/kvm/gmem.c', newPath: 'virt/kvm/guest_memfd.c', status: 'renamed', similarity: 92, added: 1, removed: 1 });
    expect(files[0]!.hunks[0]!.lines.find((l) => l.kind === 'add')).toMatchObject({ newLine: 4, text: '#include <linux/set_memory.h>' });
  });

  it('copy', () => {
    const { files } = read('copy.diff');
    expect(files[0]).toMatchObject({ oldPath: 'lib/a.c', newPath: 'lib/b.c', status: 'copied', similarity: 87, added: 1, removed: 0 });
  });

  it('deleted file', () => {
    const { files } = read('deleted.diff');
    expect(files[0]).toMatchObject({ oldPath: 'old.h', newPath: null, path: 'old.h', status: 'deleted', oldMode: '100644', removed: 2 });
    expect(files[0]!.hunks[0]!.lines.map((l) => l.oldLine)).toEqual([1, 2]);
  });

  it('`Binary files … differ` without the binary patch', () => {
    const { files } = read('binary-differ.diff');
    expect(files.map(shape)).toEqual([
      { oldPath: null, newPath: 'img/logo.png', status: 'added', binary: true, added: 0, removed: 0 },
      { oldPath: 'img/old.png', newPath: null, status: 'deleted', binary: true, added: 0, removed: 0 },
    ]);
  });

  it('non-git `diff -urN` trees: the differing top directory is dropped, timestamps too', () => {
    const { files } = read('non-git-tree.diff');
    expect(files.map((f) => [f.oldPath, f.newPath, f.status])).toEqual([
      ['mm/secretmem.c', 'mm/secretmem.c', 'modified'],
      [null, 'mm/new.c', 'added'],
    ]);
  });

  it('quoted names with spaces', () => {
    const { files } = read('quoted.diff');
    expect(files[0]).toMatchObject({ oldPath: 'doc/a b.txt', newPath: 'doc/a b.txt', added: 1 });
  });
});
