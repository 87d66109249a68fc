import { beforeAll, describe, expect, it } from 'vitest';
import { buildFileView, ensureParser, type FileView, type FunctionView } from '../../src/code/index.js';
import { fixtureFiles } from './helpers.js';

let view: FileView;
const fn = (name: string): FunctionView => view.post.find((f) => f.name === name)!;

beforeAll(async () => {
  await ensureParser();
  view = buildFileView(fixtureFiles('new-file.diff')[0]!);
});

describe('an added file', () => {
  it('has no pre image and names functions behind __always_inline and __must_check', () => {
    expect(view.pre).toEqual([]);
    expect(view.post.map((f) => f.name)).toEqual(['gmem_zap_page', 'gmem_zap']);
    expect(fn('gmem_zap_page')).toMatchObject({ complete: true, params: ['struct page *page'], startLine: 25, endLine: 28 });
    expect(fn('gmem_zap')).toMatchObject({ complete: true, params: ['struct folio *folio', 'unsigned long nr'], startLine: 30, endLine: 47 });
  });

  it('gives nested loops innermost first, and if/else guards', () => {
    const calls = fn('gmem_zap').calls.filter((c) => c.callee === 'gmem_zap_page');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.loops.map((l) => l.bound)).toEqual(['j < folio_nr_pages(folio)', 'i < nr']);
    expect(calls[0]!.guards).toEqual(['!folio_test_private(folio)']);
    expect(calls[0]!.assignedTo).toBe('r');
    expect(calls[1]!.guards).toEqual(['!(!folio_test_private(folio))']);
    // `(void)f()` throws the result away on purpose, but it is still discarded.
    expect(calls[1]!.discarded).toBe(true);
    expect(calls[1]!.assignedTo).toBeUndefined();
    const test = fn('gmem_zap').calls.find((c) => c.callee === 'folio_test_private')!;
    expect(test).toMatchObject({ wrappedBy: 'if', discarded: false, guards: [] });
    expect(test.loops).toHaveLength(2);
  });

  it('sees a do/while loop and the ternary in the return', () => {
    const f = fn('gmem_zap');
    const resched = f.calls.find((c) => c.callee === 'cond_resched_needed')!;
    expect(resched.wrappedBy).toBe('while');
    const doLoop = f.statements.find((s) => s.kind === 'loop' && s.text.startsWith('do'))!;
    expect(doLoop.line.line).toBe(43);
    const dec = f.statements.find((s) => s.text === 'r--;')!;
    expect(dec.loops.map((l) => [l.kind, l.bound])).toEqual([['do', 'r > 0 && cond_resched_needed()']]);
    expect(f.statements.find((s) => s.kind === 'return')!.target).toBe('r ? r : 0');
  });

  it('returns a call result directly: neither discarded nor assigned', () => {
    const call = fn('gmem_zap_page').calls[0]!;
    expect(call).toMatchObject({ callee: 'set_direct_map_invalid_noflush', args: ['page'], discarded: false, line: { line: 27, kind: 'add' } });
    expect(call.assignedTo).toBeUndefined();
    expect(call.wrappedBy).toBeUndefined();
  });

  it('evaluates defines', () => {
    const d = Object.fromEntries(view.defines.map((x) => [x.name, x]));
    expect(d.GMEM_FLAG_A).toMatchObject({ value: '(1ULL << 2)', numeric: 4n, line: { line: 6, kind: 'add' } });
    expect(d.GMEM_FLAG_B!.numeric).toBe(8n);
    expect(d.GMEM_LIMIT!.numeric).toBe(0x80000n);
    expect(d.GMEM_FLAG_C!.numeric).toBe(4n);
    expect(d.GMEM_FLAG_D!.numeric).toBe(4n);
    expect(d.GMEM_FLAG_AB!.numeric).toBe(12n);
    expect(d.GMEM_NAME).toMatchObject({ value: '"gmem"' });
    expect(d.GMEM_NAME!.numeric).toBeUndefined();
    expect(d.GMEM_DEBUG).toMatchObject({ value: '' });
  });

  it('counts implicit enum values', () => {
    expect(view.enumMembers.map((e) => [e.enumName, e.name, e.value, e.numeric])).toEqual([
      ['gmem_state', 'GMEM_MAPPED', undefined, 0n],
      ['gmem_state', 'GMEM_ZAPPED', undefined, 1n],
      ['gmem_state', 'GMEM_GONE', '11', 11n],
      ['gmem_state', 'GMEM_AFTER', undefined, 12n],
    ]);
  });

  it('reads a struct initialiser with an #ifdef inside', () => {
    expect(view.initializers).toHaveLength(1);
    const init = view.initializers[0]!;
    expect(init.type).toBe('struct address_space_operations');
    expect(init.name).toBe('gmem_aops');
    expect(init.fields.map((f) => [f.field, f.value, f.line.line, f.guardedBy])).toEqual([
      ['dirty_folio', 'noop_dirty_folio', 50, undefined],
      ['invalidate_folio', 'gmem_invalidate_folio', 51, undefined],
      ['free_folio', 'gmem_free_folio', 53, 'CONFIG_HAVE_KVM_GMEM_INVALIDATE'],
      ['migrate_folio', 'gmem_migrate_folio', 55, undefined],
    ]);
    expect(view.preprocessor).toContainEqual({ line: 53, condition: 'CONFIG_HAVE_KVM_GMEM_INVALIDATE' });
    expect(view.preprocessor.some((p) => p.line === 55)).toBe(false);
  });

  it('lists module parameters and comments outside functions', () => {
    expect(view.moduleParams).toEqual([{ name: 'zap_on_alloc', line: expect.objectContaining({ line: 23, kind: 'add', text: 'module_param(zap_on_alloc, bool, 0444);' }) }]);
    expect(view.comments.map((c) => [c.style, c.line.line])).toEqual([['line', 1], ['block', 2], ['block', 55]]);
  });
});
