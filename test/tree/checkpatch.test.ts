import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/model/index.js';
import { fingerprintOf } from '../../src/rules/index.js';
import { openTree, parseCheckpatchOutput, patchMailText, runCheckpatch, type KernelTree } from '../../src/tree/index.js';
import { ensureKernelTree, REPO } from './setup.js';
import { readFormatPatch, readFormatPatchDir } from './format-patch.js';

let tree: KernelTree;
beforeAll(async () => {
  tree = await openTree(ensureKernelTree());
});

/** Lines 99-103 of 6.12's virt/kvm/guest_memfd.c with a `//` comment and a BUG_ON added; no sign-off. */
const BAD_MAIL = `From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Fixture Author <fixture@example.org>
Date: Sun, 22 Nov 2026 18:00:00 +0000
Subject: [PATCH] KVM: guest_memfd: refuse huge indexes

Crash when an index is beyond what guest_memfd supports.
---
 virt/kvm/guest_memfd.c | 2 ++
 1 file changed, 2 insertions(+)

diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c
index 379665c..1234567 100644
--- a/virt/kvm/guest_memfd.c
+++ b/virt/kvm/guest_memfd.c
@@ -99,5 +99,7 @@ static int kvm_gmem_prepare_folio(struct kvm *kvm, struct kvm_memory_slot *slot,
 static struct folio *kvm_gmem_get_folio(struct inode *inode, pgoff_t index)
 {
+	// huge indexes are not supported yet
+	BUG_ON(index > (1UL << 40));
 	/* TODO: Support huge pages. */
 	return filemap_grab_folio(inode->i_mapping, index);
 }
-- 
2.39.5
`;

describe('runCheckpatch on the 6.12 checkpatch.pl', () => {
  const patch = readFormatPatch(BAD_MAIL, 'bad.patch', 1);

  it('maps a // comment, a BUG_ON and a missing sign-off to findings on their lines', async () => {
    const { findings, diagnostics } = await runCheckpatch(tree, BAD_MAIL, patch, { ignore: ['C99_COMMENT_TOLERANCE'] });
    expect(diagnostics).toEqual([]);
    const byRule = new Map(findings.map((f) => [f.ruleId, f]));
    const c99 = byRule.get('checkpatch/C99_COMMENTS')!;
    expect(c99).toMatchObject({ severity: 'error', category: 'kernel-style' });
    expect(c99.location).toMatchObject({ patchIndex: 1, file: 'virt/kvm/guest_memfd.c', line: 101, side: 'new', function: 'kvm_gmem_get_folio', text: '\t// huge indexes are not supported yet' });
    const bug = byRule.get('checkpatch/AVOID_BUG')!;
    expect(bug).toMatchObject({ severity: 'warning', category: 'kernel-style' });
    expect(bug.message).toMatch(/WARN_ON_ONCE/);
    expect(bug.location).toMatchObject({ file: 'virt/kvm/guest_memfd.c', line: 102, text: '\tBUG_ON(index > (1UL << 40));' });
    expect(bug.fingerprint).toBe(fingerprintOf('checkpatch/AVOID_BUG', bug.location));
    const signoff = byRule.get('checkpatch/MISSING_SIGN_OFF')!;
    expect(signoff).toMatchObject({ severity: 'error', category: 'series-hygiene' });
    expect(signoff.location.file).toBe('');
    for (const f of findings) expect(CATEGORIES).toContain(f.category);
  });

  it('keeps checkpatch defaults: // comments are tolerated unless asked', async () => {
    const { findings } = await runCheckpatch(tree, BAD_MAIL, patch);
    expect(findings.map((f) => f.ruleId)).not.toContain('checkpatch/C99_COMMENTS');
    expect(findings.map((f) => f.ruleId)).toContain('checkpatch/AVOID_BUG');
  });

  it('gives the same lines for the mail rebuilt from the Patch record', async () => {
    const rebuilt = patchMailText(patch);
    expect(rebuilt.text.split('\n')[rebuilt.diffStart]).toBe('diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c');
    const { findings } = await runCheckpatch(tree, rebuilt.text, patch, { ignore: ['C99_COMMENT_TOLERANCE'] });
    const lines = Object.fromEntries(findings.filter((f) => f.location.file).map((f) => [f.ruleId, f.location.line]));
    expect(lines).toEqual({ 'checkpatch/C99_COMMENTS': 101, 'checkpatch/AVOID_BUG': 102 });
  });

  it('finds no sign-off problem in the signed fixture series', async () => {
    const series = readFormatPatchDir(path.join(REPO, 'fixtures/tree/gmem-nodirectmap'));
    const { findings } = await runCheckpatch(tree, patchMailText(series.patches[0]!).text, series.patches[0]!);
    expect(findings.filter((f) => f.category === 'series-hygiene')).toEqual([]);
  });

  it('says so when the tree has no checkpatch.pl', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmreview-nocp-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'empty']);
      const bare = await openTree(dir);
      const r = await runCheckpatch(bare, BAD_MAIL, patch);
      expect(r.findings).toEqual([]);
      expect(r.diagnostics[0]!.message).toMatch(/no scripts\/checkpatch\.pl/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseCheckpatchOutput', () => {
  it('reads terse show-types lines and ignores the rest', () => {
    const out = '-:12: WARNING:AVOID_BUG: Do not crash the kernel\n-:14: ERROR:MISSING_SIGN_OFF: Missing Signed-off-by: line(s)\ntotal: 1 errors\n-:3: CHECK:CAMELCASE: Avoid CamelCase: <Foo>\n';
    expect(parseCheckpatchOutput(out)).toEqual([
      { inputLine: 12, level: 'WARNING', type: 'AVOID_BUG', message: 'Do not crash the kernel' },
      { inputLine: 14, level: 'ERROR', type: 'MISSING_SIGN_OFF', message: 'Missing Signed-off-by: line(s)' },
      { inputLine: 3, level: 'CHECK', type: 'CAMELCASE', message: 'Avoid CamelCase: <Foo>' },
    ]);
  });
});
