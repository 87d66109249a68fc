import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { review as reviewInputs } from '../../src/review/index.js';
import { RULES, type Finding } from '../../src/rules/index.js';
import { ensureKernelTree, REPO } from './setup.js';

/**
 * --tree replaces the base facts pmreview ships (issue 10 §2): a clone of the
 * 6.12 test tree with one commit that changes a fact, and rule fixtures that
 * judge that fact, reviewed with and without the clone.
 */
let clone: string;
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', clone, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { encoding: 'utf8' });

function edit(file: string, from: string, to: string): void {
  const p = path.join(clone, file);
  const text = readFileSync(p, 'utf8');
  expect(text.split(from)).toHaveLength(2);
  writeFileSync(p, text.replace(from, to));
}

beforeAll(() => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmreview-override-'));
  clone = path.join(tmp, 'linux');
  execFileSync('git', ['clone', '-q', ensureKernelTree(), clone]);
  // A tree whose uAPI took capability 239 and whose guest_memfd installs .free_folio unconditionally.
  edit('include/uapi/linux/kvm.h', '#define KVM_CREATE_GUEST_MEMFD', '#define KVM_CAP_TREE_ONLY 239\n#define KVM_CREATE_GUEST_MEMFD');
  edit('virt/kvm/guest_memfd.c', '#ifdef CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE\n\t.free_folio = kvm_gmem_free_folio,\n#endif\n', '\t.free_folio = kvm_gmem_free_folio,\n');
  git('commit', '-qam', 'a tree with other facts');
});

afterAll(() => {
  rmSync(path.dirname(clone), { recursive: true, force: true });
});

async function review(rule: string, fixture: string, withTree: boolean): Promise<Finding[]> {
  const r = await reviewInputs([path.join(REPO, 'fixtures/rules', rule, `${fixture}.patch`)], {
    policy: {
      rules: RULES.filter((x) => x.meta.id === rule),
      ...(withTree ? { tree: { dir: clone } } : {}),
    },
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.findings;
}

describe('--tree facts replace the known ones', () => {
  it('R20 compares a new capability with the numbers of the tree', async () => {
    expect(await review('R20', 'pass', false)).toEqual([]);
    const found = await review('R20', 'pass', true);
    expect(found.map((f) => `${f.severity} ${f.message}`)).toEqual([expect.stringMatching(/^error KVM_CAP_X86_EXAMPLE_QUIRK = 239 collides with KVM_CAP_TREE_ONLY = 239 in Linux 6\.12\.\d+\.$/)]);
  });

  it('R06 reads where the tree installs .free_folio: no #ifdef there, no warning', async () => {
    const known = await review('R06', 'warn-base-free-folio', false);
    expect(known.map((f) => f.severity)).toEqual(['warning']);
    expect(known[0]!.message).toMatch(/only under #ifdef CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE/);
    expect(await review('R06', 'warn-base-free-folio', true)).toEqual([]);
  });
});
