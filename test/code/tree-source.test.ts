import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeView, buildFileView, ensureParser, type TreeSource } from '../../src/code/index.js';
import { FIXTURES, fixtureFiles, patchOf } from './helpers.js';

/** guest_memfd.c of Linux 6.12 before and after the tree-gmem.diff change. */
const PRE = readFileSync(path.join(FIXTURES, 'tree/guest_memfd.pre.c'), 'utf8');
const POST = readFileSync(path.join(FIXTURES, 'tree/guest_memfd.post.c'), 'utf8');
const FILE = 'virt/kvm/guest_memfd.c';

const memoryTree = (files: Record<string, { pre?: string; post?: string }>): TreeSource => ({
  readFile: (side, p) => files[p]?.[side],
});

beforeAll(async () => {
  await ensureParser();
});

describe('with a kernel tree', () => {
  it('takes the whole function around the hunk from the real file', () => {
    const file = fixtureFiles('tree-gmem.diff')[0]!;
    const view = buildFileView(file, { treeSource: memoryTree({ [FILE]: { pre: PRE, post: POST } }) });
    expect(view.diagnostics).toBeUndefined();
    expect(view.post.map((f) => f.name)).toEqual(['kvm_gmem_prepare_folio']);
    const fn = view.post[0]!;
    expect(fn).toMatchObject({ complete: true, startLine: 56, endLine: 92, hasErrors: false });
    expect(fn.params).toEqual(['struct kvm *kvm', 'struct kvm_memory_slot *slot', 'gfn_t gfn', 'struct folio *folio']);
    const zap = fn.calls.find((c) => c.callee === 'set_direct_map_invalid_noflush')!;
    expect(zap).toMatchObject({ assignedTo: 'r', args: ['folio_page(folio, i)'], line: { line: 66, kind: 'add' } });
    expect(zap.loops.map((l) => l.bound)).toEqual(['i < nr_pages']);
    // Lines outside the patch come from the tree; patch lines keep their diff kind.
    const prepare = fn.calls.find((c) => c.callee === '__kvm_gmem_prepare_folio')!;
    expect(prepare.line).toEqual({ line: 87, kind: 'tree', text: '\tr = __kvm_gmem_prepare_folio(kvm, slot, index, folio);' });
    expect(fn.calls.find((c) => c.callee === 'folio_nr_pages')!.line.kind).toBe('context');
    expect(fn.statements.at(-1)).toMatchObject({ kind: 'return', target: 'r', line: { kind: 'tree', line: 91 } });
  });

  it('builds the pre side from the pre file', () => {
    const file = fixtureFiles('tree-gmem.diff')[0]!;
    const view = buildFileView(file, { treeSource: memoryTree({ [FILE]: { pre: PRE, post: POST } }) });
    const pre = view.pre[0]!;
    expect(pre).toMatchObject({ name: 'kvm_gmem_prepare_folio', complete: true, startLine: 56, endLine: 88 });
    expect(pre.calls.find((c) => c.callee === 'clear_highpage')!.line).toMatchObject({ line: 65, kind: 'context' });
    expect(pre.calls.some((c) => c.callee === 'set_direct_map_invalid_noflush')).toBe(false);
    // File-level items stay limited to patch lines: the tree's initialisers are not reported.
    expect(view.initializers).toEqual([]);
  });

  it('falls back to the hunks, with a diagnostic, when the tree does not match the patch', () => {
    const file = fixtureFiles('tree-gmem.diff')[0]!;
    const view = buildFileView(file, { treeSource: memoryTree({ [FILE]: { pre: PRE, post: PRE } }) });
    expect(view.diagnostics?.[0]).toMatchObject({ severity: 'warning', input: FILE, inputLine: 64 });
    const fn = view.post.find((f) => f.name === 'kvm_gmem_prepare_folio')!;
    expect(fn.complete).toBe(false);
    expect(fn.calls.find((c) => c.callee === 'set_direct_map_invalid_noflush')!.line.line).toBe(66);
    expect(view.pre[0]!.complete).toBe(true);
  });

  it('uses the hunks when the tree lacks the file', async () => {
    const views = await buildCodeView(patchOf(fixtureFiles('tree-gmem.diff')), { tree: memoryTree({}) });
    expect(views).toHaveLength(1);
    expect(views[0]!.post[0]!.complete).toBe(false);
    expect(views[0]!.diagnostics).toBeUndefined();
  });
});
