import { beforeAll, describe, expect, it } from 'vitest';
import { buildFileView, ensureParser, type FileView } from '../../src/code/index.js';
import { corpusDiff, parseDiffText } from './helpers.js';

let views: FileView[];
let diffLines: string[];

beforeAll(async () => {
  await ensureParser();
  const diff = corpusDiff('roy-gmem-directmap-rfc-v1.mbox', '[RFC PATCH 5/8]');
  diffLines = diff.split('\n');
  views = parseDiffText(diff).map((f) => buildFileView(f));
});

describe('RFC PATCH 5/8 of the 2024 direct-map series', () => {
  it('maps the call at new line 99 back to its patch line', () => {
    const gmem = views.find((v) => v.file === 'virt/kvm/guest_memfd.c')!;
    const fn = gmem.post.find((f) => f.name === 'kvm_gmem_get_folio')!;
    const call = fn.calls.find((c) => c.line.line === 99)!;
    expect(call.callee).toBe('set_direct_map_invalid_noflush');
    expect(call.args).toEqual(['&folio->page']);
    expect(call.assignedTo).toBe('r');
    expect(call.discarded).toBe(false);
    expect(call.guards).toEqual(['zap_direct_map']);
    expect(call.loops).toEqual([]);
    expect(call.line).toMatchObject({ line: 99, kind: 'add', text: '\t\tr = set_direct_map_invalid_noflush(&folio->page);' });
    // Back to the patch: the diff line it came from, counted in the diff text.
    expect(call.line.diffLine).toBe(diffLines.indexOf('+\t\tr = set_direct_map_invalid_noflush(&folio->page);'));
    expect(diffLines[call.line.diffLine!]).toBe(`+${call.line.text}`);
    expect(call.line.diffLine).toBe(64);
    expect(fn.statements[call.statement]).toMatchObject({ kind: 'expression', text: 'r = set_direct_map_invalid_noflush(&folio->page);', guards: ['zap_direct_map'] });
  });

  it('joins kvm_gmem_get_folio over its three hunks, with the error path labels', () => {
    const gmem = views.find((v) => v.file === 'virt/kvm/guest_memfd.c')!;
    const fns = gmem.post.filter((f) => f.name === 'kvm_gmem_get_folio');
    expect(fns).toHaveLength(1);
    const fn = fns[0]!;
    expect(fn.params).toEqual(['struct inode *inode', 'pgoff_t index', 'bool prepare']);
    expect(fn.complete).toBe(false);
    expect([fn.startLine, fn.endLine]).toEqual([58, 120]);
    expect(fn.labels).toEqual(['out_err']);
    expect(fn.statements.filter((s) => s.kind === 'goto').map((s) => [s.target, s.line.line])).toEqual([['out_err', 95], ['out_err', 101]]);
    expect(fn.comments.filter((c) => c.style === 'line').map((c) => c.line.line)).toEqual([85, 86, 103, 104, 105, 106, 107]);
    const zap = fn.assignments.find((a) => a.target === 'zap_direct_map' && a.value !== 'false')!;
    expect(zap).toMatchObject({ operator: '=', value: 'kvm_gmem_not_present(inode)', line: { line: 87, kind: 'add' } });
  });

  it('gives the invalidate callback its BUG_ON-wrapped restore and the aops initialiser', () => {
    const gmem = views.find((v) => v.file === 'virt/kvm/guest_memfd.c')!;
    const inv = gmem.post.find((f) => f.name === 'kvm_gmem_invalidate_folio')!;
    expect(inv.complete).toBe(true);
    const restore = inv.calls.find((c) => c.callee === 'set_direct_map_default_noflush')!;
    expect(restore).toMatchObject({ wrappedBy: 'BUG_ON', args: ['&folio->page'], guards: ['start == 0 && end == PAGE_SIZE'], line: { line: 388, kind: 'add' } });
    const aops = gmem.initializers.find((i) => i.name === 'kvm_gmem_aops')!;
    expect(aops.fields.find((f) => f.field === 'invalidate_folio')).toMatchObject({ value: 'kvm_gmem_invalidate_folio', line: { line: 398, kind: 'add' } });
    expect(aops.fields.find((f) => f.field === 'free_folio')!.guardedBy).toBe('CONFIG_HAVE_KVM_GMEM_INVALIDATE');
  });

  it('reads the new uapi flag and the pre image of the old error path', () => {
    const uapi = views.find((v) => v.file === 'include/uapi/linux/kvm.h')!;
    expect(uapi.defines).toEqual([expect.objectContaining({ name: 'KVM_GMEM_NO_DIRECT_MAP', value: '(1ULL << 0)', numeric: 1n })]);
    const gmem = views.find((v) => v.file === 'virt/kvm/guest_memfd.c')!;
    const pre = gmem.pre.find((f) => f.name === 'kvm_gmem_get_folio')!;
    const prep = pre.calls.find((c) => c.callee === 'kvm_gmem_prepare_folio')!;
    expect(prep).toMatchObject({ assignedTo: 'r', guards: ['prepare'], line: { line: 81, kind: 'del' } });
    const create = gmem.post.find((f) => f.name === 'kvm_gmem_create')!;
    expect(create.params).toEqual(['struct kvm *kvm', 'struct kvm_create_guest_memfd *args']);
    expect(create.assignments).toContainEqual(expect.objectContaining({ target: 'valid_flags', value: 'KVM_GMEM_NO_DIRECT_MAP', line: expect.objectContaining({ kind: 'add', line: 484 }) }));
  });
});
