import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeView, buildFileView, ensureParser } from '../../src/code/index.js';
import type { DiffLine, FileDiff } from '../../src/diff/index.js';
import { patchOf } from './helpers.js';

/** A FileDiff whose one hunk holds the given lines with the given kinds. */
function fileWith(lines: { kind: DiffLine['kind']; text: string }[], header: string, start: number, path = 'mm/x.c'): FileDiff {
  let oldNo = start;
  let newNo = start;
  const out: DiffLine[] = lines.map((l, diffLine) => {
    if (l.kind === 'add') return { kind: 'add', newLine: newNo++, text: l.text, diffLine };
    if (l.kind === 'del') return { kind: 'del', oldLine: oldNo++, text: l.text, diffLine };
    return { kind: 'context', oldLine: oldNo++, newLine: newNo++, text: l.text, diffLine };
  });
  return { oldPath: path, newPath: path, path, status: 'modified', binary: false, added: 0, removed: 0, hunks: [{ oldStart: start, oldLines: oldNo - start, newStart: start, newLines: newNo - start, header, lines: out }] };
}

const C_BITS = ['{', '}', '(', ')', ';', 'if (x)', 'else', 'for (;;)', 'while (a)', 'do', '/*', '*/', '//', '"', "'", '#if X', '#else', '#endif', 'goto out;', 'out:', 'f(a, b)', 'BUG_ON(', 'list_for_each_entry(p, h, l)', 'struct s = {', '.a = b,', 'enum e {', '#define A (1 <<', '\\', '?', ':', '\t', ' '];
const cText = fc.array(fc.oneof(fc.constantFrom(...C_BITS), fc.string({ maxLength: 8 })), { maxLength: 8 }).map((parts) => parts.join(' '));
const anyText = fc.oneof(cText, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

beforeAll(async () => {
  await ensureParser();
});

describe('odd input', () => {
  it('never throws, and every line it reports comes from the hunk', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom<DiffLine['kind']>('add', 'del', 'context'), text: anyText }), { maxLength: 25 }),
        fc.oneof(fc.constant(''), fc.constant('static int f(int a)'), fc.constant('enum e {'), anyText),
        fc.integer({ min: 1, max: 5000 }),
        (lines, header, start) => {
          const file = fileWith(lines, header, start);
          const view = buildFileView(file);
          const texts = new Set(lines.map((l) => l.text));
          for (const fn of [...view.post, ...view.pre]) {
            for (const c of fn.calls) expect(texts.has(c.line.text)).toBe(true);
            for (const s of fn.statements) expect(s.line.line).toBeGreaterThanOrEqual(start);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps what parsed around a macro tree-sitter cannot read', () => {
    const file = fileWith([
      { kind: 'context', text: '\tlist_for_each_entry_safe(p, n, &head, list) : continue;' },
      { kind: 'add', text: '\tr = set_direct_map_invalid_noflush(page);' },
      { kind: 'context', text: '\treturn r;' },
      { kind: 'context', text: '}' },
    ], 'static int zap(struct page *page)', 40);
    const fn = buildFileView(file).post[0]!;
    expect(fn.name).toBe('zap');
    expect(fn.hasErrors).toBe(true);
    expect(fn.calls.find((c) => c.callee === 'set_direct_map_invalid_noflush')).toMatchObject({ assignedTo: 'r', line: { line: 41, kind: 'add' } });
  });

  it('reads functions behind kernel annotations, keeping their text as written', () => {
    const file = fileWith([
      { kind: 'add', text: 'static ssize_t __init gmem_write(struct file *file, const char __user *buf,' },
      { kind: 'add', text: '\t\t\t\t size_t count) __must_hold(&gmem->lock)' },
      { kind: 'add', text: '{' },
      { kind: 'add', text: '\treturn copy_from_user(kaddr, (void __user *)buf, count);' },
      { kind: 'add', text: '}' },
    ], '', 200);
    const fn = buildFileView(file).post[0]!;
    expect(fn).toMatchObject({ name: 'gmem_write', complete: true, hasErrors: false });
    expect(fn.params).toEqual(['struct file *file', 'const char __user *buf', 'size_t count']);
    expect(fn.calls[0]).toMatchObject({ callee: 'copy_from_user', args: ['kaddr', '(void __user *)buf', 'count'], line: { line: 203 } });
  });

  it('reads a hunk that starts inside a parameter list git cut', () => {
    const file = fileWith([
      { kind: 'context', text: '\t\t\t\t\t void *data, int offset, int len)' },
      { kind: 'context', text: '{' },
      { kind: 'add', text: '\tr = set_direct_map_default_noflush(page);' },
      { kind: 'context', text: '\treturn r;' },
      { kind: 'context', text: '}' },
    ], 'static int __kvm_read_guest_private_page(struct kvm *kvm,', 300);
    const fn = buildFileView(file).post[0]!;
    expect(fn).toMatchObject({ name: '__kvm_read_guest_private_page', complete: true, hasErrors: false, startLine: 300, endLine: 304 });
    expect(fn.params).toEqual(['struct kvm *kvm', 'void *data', 'int offset', 'int len']);
  });

  it('closes a do { that the hunk leaves open', () => {
    const file = fileWith([
      { kind: 'context', text: '\tdo {' },
      { kind: 'add', text: '\t\tset_direct_map_invalid_noflush(page);' },
      { kind: 'context', text: '\t\twrite_unlock_irq(&gpc->lock);' },
    ], 'static kvm_pfn_t hva_to_pfn_retry(struct gfn_to_pfn_cache *gpc)', 170);
    const fn = buildFileView(file).post[0]!;
    expect(fn).toMatchObject({ name: 'hva_to_pfn_retry', complete: false, hasErrors: false });
    expect(fn.calls[0]!.loops.map((l) => [l.kind, l.bound, l.header])).toEqual([['do', '', 'do']]);
  });

  it('gives non-C and binary files an empty view', () => {
    const view = buildFileView(fileWith([{ kind: 'add', text: 'int f(void) { return g(); }' }], '', 1, 'Documentation/x.rst'));
    expect(view.post).toEqual([]);
  });
});

describe('buildCodeView', () => {
  const patch = patchOf([
    fileWith([{ kind: 'add', text: '\tset_direct_map_default_noflush(page);' }, { kind: 'context', text: '}' }], 'static void a(struct page *page)', 10, 'mm/a.c'),
    fileWith([{ kind: 'add', text: '\tunrelated(page);' }, { kind: 'context', text: '}' }], 'static void b(struct page *page)', 10, 'mm/b.c'),
    fileWith([{ kind: 'add', text: 'set_direct_map_default_noflush' }], '', 1, 'Documentation/a.rst'),
  ]);

  it('parses only C files whose hunks pass the prefilter', async () => {
    const views = await buildCodeView(patch, { prefilter: (t) => /set_direct_map/.test(t) });
    expect(views.map((v) => v.file)).toEqual(['mm/a.c']);
    expect(views[0]!.post[0]!.calls[0]).toMatchObject({ callee: 'set_direct_map_default_noflush', discarded: true });
  });

  it('parses every C file without a prefilter', async () => {
    const views = await buildCodeView(patch);
    expect(views.map((v) => [v.file, v.post.map((f) => f.name)])).toEqual([['mm/a.c', ['a']], ['mm/b.c', ['b']]]);
  });
});
