import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS } from './review-fixture.js';

type Obj = Record<string, unknown>;

describe('json', () => {
  const doc = JSON.parse(formatReview(makeReview(), 'json', OPTS)) as Obj;

  it('has the keys of docs/json.md in the documented order', () => {
    expect(Object.keys(doc)).toEqual(['tool', 'series', 'findings', 'diagnostics', 'summary']);
    expect(doc.tool).toEqual({ name: 'pmreview', version: '0.1.0' });
    const s = (doc.series as Obj[])[0]!;
    expect(Object.keys(s)).toEqual(['title', 'version', 'rfc', 'cover', 'patches', 'missing', 'baseCommit']);
    expect(s.cover).toEqual({ messageId: '<cover.1@amazon.co.uk>', subject: '[RFC PATCH 0/2] direct map removal for guest_memfd' });
    const p = (s.patches as Obj[])[0]!;
    expect(Object.keys(p)).toEqual(['index', 'total', 'messageId', 'subject', 'author', 'date', 'files', 'added', 'removed']);
    expect(p.author).toBe('Patrick Röy <roypat@amazon.co.uk>');
    expect(p.files).toEqual([
      { path: 'mm/direct_map.c', status: 'modified', added: 4, removed: 1, binary: false },
      { path: 'include/linux/set_memory.h', status: 'modified', added: 1, removed: 0, binary: false },
    ]);
    const f = (doc.findings as Obj[])[0]!;
    expect(Object.keys(f)).toEqual(['ruleId', 'category', 'severity', 'message', 'fix', 'refs', 'fingerprint', 'location', 'evidence']);
    expect(Object.keys(f.location as Obj)).toEqual(['patchIndex', 'messageId', 'subject', 'file', 'line', 'side', 'function', 'text']);
    expect((f.location as Obj).messageId).toBe('<patch.1@amazon.co.uk>');
    expect((doc.diagnostics as Obj[])[0]).toEqual({ severity: 'warning', message: 'undecodable base64 part skipped', input: 'thread.mbox', line: 42, messageId: '<odd.1@example.org>' });
    expect(doc.summary).toEqual({ messages: 5, series: 1, patches: 2, findings: 4, errors: 1, warnings: 2, infos: 1 });
  });

  it('leaves out fields without a value (docs/json.md), and empty evidence', () => {
    const r = makeReview();
    delete r.series[0]!.baseCommit;
    delete r.series[0]!.patches[0]!.messageId;
    r.diagnostics.push({ severity: 'info', message: 'no input line' });
    const d = JSON.parse(formatReview(r, 'json', OPTS)) as Obj;
    const s = (d.series as Obj[])[0]!;
    expect(s).not.toHaveProperty('baseCommit');
    expect(Object.keys(s)).toEqual(['title', 'version', 'rfc', 'cover', 'patches', 'missing']);
    expect((s.patches as Obj[])[0]).not.toHaveProperty('messageId');
    expect((d.diagnostics as Obj[])[1]).toEqual({ severity: 'info', message: 'no input line' });
    const r17 = (d.findings as Obj[]).find((f) => f.ruleId === 'R17')!;
    expect(r17).not.toHaveProperty('evidence');
    expect(r17.location as Obj).not.toHaveProperty('function');
    const noCover = JSON.parse(formatReview({ ...r, series: [{ ...r.series[0]!, cover: null }] }, 'json', OPTS)) as Obj;
    expect((noCover.series as Obj[])[0]!.cover).toBeNull();
  });

  it('keeps oldPath for renames only, and appends fixed findings of a compared version', () => {
    const r = makeReview();
    const file = r.series[0]!.patches[1]!.files[0]!;
    Object.assign(file, { status: 'renamed', oldPath: 'virt/kvm/gmem.c' });
    r.findings[0]!.status = 'new';
    r.fixed = [{ ...r.findings[2]!, fingerprint: 'gone' }];
    const d = JSON.parse(formatReview(r, 'json', OPTS)) as Obj;
    const files = ((d.series as Obj[])[0]!.patches as Obj[])[1]!.files as Obj[];
    expect(files[0]).toMatchObject({ status: 'renamed', oldPath: 'virt/kvm/gmem.c' });
    const fs = d.findings as Obj[];
    expect(fs).toHaveLength(5);
    expect(fs[0]!.status).toBe('new');
    expect(fs[4]).toMatchObject({ fingerprint: 'gone', status: 'fixed' });
    expect((d.summary as Obj).findings).toBe(4);
  });

  it('is stable: the same review gives the same bytes', () => {
    expect(formatReview(makeReview(), 'json', OPTS)).toBe(formatReview(makeReview(), 'json', OPTS));
  });
});
