import { beforeAll, describe, expect, it } from 'vitest';
import { buildFileView, ensureParser, type FileView } from '../../src/code/index.js';
import { corpusDiff, fixtureFiles, parseDiffText } from './helpers.js';

let views: FileView[];
const view = (file: string): FileView => views.find((v) => v.file === file)!;

beforeAll(async () => {
  await ensureParser();
  views = fixtureFiles('mid-aggregate.diff').map((f) => buildFileView(f));
});

describe('hunks inside enums, headers and initialisers', () => {
  it('reads an initialiser whose first field sits under an #if', () => {
    const files = parseDiffText(corpusDiff('kalyazin-gmem-write-rfc-v2-2024.mbox', '[RFC PATCH v2 1/2]'));
    const gmem = buildFileView(files.find((f) => f.path === 'virt/kvm/guest_memfd.c')!);
    const fops = gmem.initializers.find((i) => i.name === 'kvm_gmem_fops')!;
    expect(fops.type).toBe('struct file_operations');
    expect(fops.fields.map((f) => [f.field, f.value, f.line.kind, f.guardedBy])).toEqual([
      ['llseek', 'default_llseek', 'add', 'defined(CONFIG_KVM_GENERIC_PRIVATE_MEM) && !defined(CONFIG_KVM_AMD_SEV)'],
      ['write', 'kvm_kmem_gmem_write', 'add', 'defined(CONFIG_KVM_GENERIC_PRIVATE_MEM) && !defined(CONFIG_KVM_AMD_SEV)'],
      ['open', 'generic_file_open', 'context', undefined],
      ['release', 'kvm_gmem_release', 'context', undefined],
      ['fallocate', 'kvm_gmem_fallocate', 'context', undefined],
    ]);
  });

  it('reads an enum hunk named only by its header, counting from the last explicit value', () => {
    const v = view('include/linux/pagemap.h');
    expect(v.post).toEqual([]);
    const m = Object.fromEntries(v.enumMembers.map((e) => [e.name, e]));
    expect(m.AS_NO_DIRECT_MAP).toMatchObject({ enumName: 'mapping_flags', numeric: 17n, line: { line: 210, kind: 'add' } });
    expect(m.AS_NO_DIRECT_MAP!.value).toBeUndefined();
    expect(m.AS_INACCESSIBLE).toMatchObject({ value: '8', numeric: 8n });
    expect(m.AS_FOLIO_ORDER_MAX).toMatchObject({ value: 'AS_FOLIO_ORDER_MIN + 5', numeric: 21n });
  });

  it('keeps ioctl numbers and flag values of a uapi header', () => {
    const d = Object.fromEntries(view('include/uapi/linux/kvm.h').defines.map((x) => [x.name, x]));
    expect(d.KVM_CREATE_GUEST_MEMFD).toMatchObject({ value: '_IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd)', numeric: 0xd4n, line: { kind: 'context', line: 1560 } });
    expect(d.KVM_SET_GMEM_FLAGS).toMatchObject({ value: '_IO(KVMIO, 0xd6)', numeric: 0xd6n, line: { kind: 'add', line: 1564 } });
    expect(d.KVM_GMEM_NO_DIRECT_MAP!.numeric).toBe(1n);
  });

  it('reads the fields of an initialiser the hunk starts inside', () => {
    const v = view('virt/kvm/kvm_main.c');
    expect(v.initializers).toHaveLength(1);
    expect(v.initializers[0]!.name).toBe('kvm_gmem_fops');
    expect(v.initializers[0]!.type).toBe('struct file_operations');
    expect(v.initializers[0]!.fields.map((f) => [f.field, f.value, f.line.kind])).toEqual([
      ['open', 'generic_file_open', 'context'], ['release', 'kvm_gmem_release', 'context'], ['fallocate', 'kvm_gmem_fallocate', 'context'], ['mmap', 'kvm_gmem_mmap', 'add'],
    ]);
    // The signature in the trailing context is cut off: no function, no crash.
    expect(v.post.filter((f) => f.name === 'kvm_gmem_release').every((f) => !f.complete)).toBe(true);
  });
});
