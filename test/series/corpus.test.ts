import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries, type Series } from '../../src/series/index.js';
import { readMbox, FIXTURE_ROOT } from './helpers.js';

const CORPUS = path.join(FIXTURE_ROOT, 'corpus');

async function load(name: string) {
  return assembleSeries(await readMbox(path.join(CORPUS, `${name}.mbox`)), { allVersions: true });
}

function repliesPerPatch(s: Series): Record<number, string[]> {
  const out: Record<number, string[]> = { 0: (s.cover?.replies ?? []).map((r) => r.author.address) };
  for (const p of s.patches) out[p.index] = p.replies.map((r) => r.author.address);
  return out;
}

// Numbers checked by hand against `grep -n '^\(Subject\|Message-ID\|In-Reply-To\):'` of each thread.
describe('corpus threads', () => {
  it('roy-gmem-directmap-rfc-v1: cover + 8 patches, 4 replies on the right mails', async () => {
    const r = await load('roy-gmem-directmap-rfc-v1');
    expect(r.messages).toBe(13);
    expect(r.series).toHaveLength(1);
    const s = r.series[0];
    expect(s).toMatchObject({ id: 'Unmapping guest_memfd from Direct Map v1', version: 1, rfc: true, total: 8, missing: [] });
    expect(s.baseCommit).toBe('890a64810d59b1a58ed26efc28cfd821fc068e84');
    expect(s.cover?.messageId).toBe('20240709132041.3625501-1-roypat@amazon.co.uk');
    expect(s.patches.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(repliesPerPatch(s)).toEqual({
      0: ['vbabka@kernel.org'], 1: [], 2: [], 3: [], 4: [], 5: ['rppt@kernel.org'], 6: [], 7: ['david@redhat.com'], 8: ['tabba@google.com'],
    });
    expect(s.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    for (const p of s.patches) {
      expect(p.diffText.startsWith('diff --git ')).toBe(true);
      expect(p.trailers.some((t) => t.name === 'Signed-off-by' && t.person?.address === 'roypat@amazon.co.uk')).toBe(true);
    }
  });

  it('roy-gmem-directmap-rfc-v1: the review of patch 5 keeps the quoted patch line apart from the comment', async () => {
    const s = (await load('roy-gmem-directmap-rfc-v1')).series[0];
    const reply = s.patches[4].replies[0];
    const block = reply.comments.find((c) => c.text.some((t) => /single page/.test(t)));
    expect(block).toBeDefined();
    expect(block?.quoted.some((q) => q.startsWith('+') && q.includes('kvm_gmem_not_present'))).toBe(true);
    expect(block?.text.some((t) => t.startsWith('>'))).toBe(false);
    expect(reply.comments.flatMap((c) => c.text).some((t) => /wrote:$/.test(t))).toBe(false);
  });

  it('every patch a truth finding names is assembled', async () => {
    for (const f of fs.readdirSync(CORPUS).filter((n) => n.endsWith('.truth.json'))) {
      const truth = JSON.parse(fs.readFileSync(path.join(CORPUS, f), 'utf8')) as { findings: { messageId?: string }[] };
      const r = await load(f.replace('.truth.json', ''));
      const ids = new Set(r.series.flatMap((s) => s.patches.map((p) => `<${p.messageId}>`)));
      for (const finding of truth.findings) if (finding.messageId) expect(ids).toContain(finding.messageId);
    }
  });

  it('kalyazin-gmem-write-rfc-v2-2024: cover + 2 patches; the reply with a counter-diff is a reply, not a patch', async () => {
    const r = await load('kalyazin-gmem-write-rfc-v2-2024');
    expect(r.messages).toBe(4);
    expect(r.series).toHaveLength(1);
    const s = r.series[0];
    expect(s).toMatchObject({ id: 'KVM: guest_memfd: use write for population v2', version: 2, rfc: true, total: 2, missing: [] });
    expect(s.baseCommit).toBe('1508bae37044ebffd7c7e09915f041936f338123');
    expect(repliesPerPatch(s)).toEqual({ 0: [], 1: ['michael.day@amd.com'], 2: [] });
    const first = s.patches[0].replies[0].comments[0];
    // The reply is format=flowed: src/mail may join its quoted `>   ` soft-break line onto the next one.
    expect(first.quoted.map((q) => q.trim())).toEqual(['+#if defined(CONFIG_KVM_GENERIC_PRIVATE_MEM) && !defined(CONFIG_KVM_AMD_SEV)']);
    expect(first.text[0]).toMatch(/^Another option is to use the confidential computing/);
  });

  it('roy-as-no-direct-map-v6: one patch of eleven, an Acked-by follow-up, the rest reported missing', async () => {
    const r = await load('roy-as-no-direct-map-v6');
    expect(r.messages).toBe(2);
    expect(r.series).toHaveLength(1);
    const s = r.series[0];
    expect(s).toMatchObject({ id: 'mm: introduce AS_NO_DIRECT_MAP v6', version: 6, rfc: false, total: 11, cover: null });
    expect(s.patches.map((p) => p.index)).toEqual([3]);
    expect(s.missing).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
    const warn = s.diagnostics.filter((d) => d.severity === 'warning');
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ input: 'roy-as-no-direct-map-v6.mbox', inputLine: 2, messageId: '20250912091708.17502-4-roypat@amazon.co.uk' });
    expect(warn[0].message).toContain('1/11');
    const reply = s.patches[0].replies[0];
    expect(reply.trailers).toEqual([expect.objectContaining({ name: 'Acked-by', person: { name: 'Mike Rapoport', address: 'rppt@kernel.org' } })]);
  });
});
