import { describe, expect, it } from 'vitest';
import { attachDiffs, type FileDiff } from '../../src/diff/index.js';
import type { Patch, Series } from '../../src/series/index.js';

const person = { name: 'A U Thor', address: 'a@example.org' };

function patch(index: number, diffText: string, extra: Partial<Patch> = {}): Patch {
  return {
    index,
    total: 2,
    subject: `[PATCH ${index}/2] x`,
    subjectInfo: { raw: '', isReply: false, rfc: false, resend: false, version: 1, versionInferred: true, index, total: 2, counterInferred: false, extraPrefixes: [], title: 'x' },
    author: person,
    commitMessage: 'x',
    trailers: [],
    diffText,
    diffBodyLine: 6,
    input: 'series.mbox',
    line: 40 * index,
    ordinal: index,
    to: [],
    cc: [],
    replies: [],
    diagnostics: [],
    ...extra,
  };
}

function series(patches: Patch[]): Series {
  return { id: 'x v1', title: 'x', version: 1, rfc: false, cover: null, patches, total: 2, missing: [], prerequisitePatchIds: [], author: person, diagnostics: [] };
}

const GOOD = ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1,2 +1,3 @@', ' a', '-b', '+c', '+d'].join('\n');
const SHORT = ['diff --git a/g.c b/g.c', '--- a/g.c', '+++ b/g.c', '@@ -1,5 +1,5 @@', ' a'].join('\n');

describe('attachDiffs', () => {
  it('sets files and totals, and input lines from bodyLine + diffBodyLine', () => {
    const out = attachDiffs(series([patch(1, GOOD, { bodyLine: 20 }), patch(2, GOOD + '\n' + GOOD.replaceAll('f.c', 'h.c'))]));
    const [p1, p2] = out.patches;
    expect(p1).toMatchObject({ added: 2, removed: 1, index: 1, subject: '[PATCH 1/2] x' });
    expect(p2).toMatchObject({ added: 4, removed: 2 });
    expect(p2!.files.map((f: FileDiff) => f.path)).toEqual(['f.c', 'h.c']);
    // diffText line 6 (`+c`) is body line 6 + 6, i.e. input line 20 + 12.
    expect(p1!.files[0]!.hunks[0]!.lines[2]).toMatchObject({ kind: 'add', newLine: 2, diffLine: 6, inputLine: 32 });
    expect(p2!.files[0]!.hunks[0]!.lines[2]!.inputLine).toBeUndefined();
    expect(out.id).toBe('x v1');
  });

  it('puts located diagnostics on the patch, after the ones it had', () => {
    const old = { severity: 'info' as const, message: 'earlier' };
    const out = attachDiffs(series([patch(1, SHORT, { bodyLine: 20, messageId: '<m1@x>', diagnostics: [old] }), patch(2, SHORT)]));
    expect(out.patches[0]!.diagnostics).toEqual([
      old,
      { severity: 'error', message: expect.stringMatching(/short by 4 old and 4 new/), input: 'series.mbox', inputLine: 29, messageId: '<m1@x>' },
    ]);
    // No unencoded body: the mail's own line, the diff line in the message, `#ordinal` for a missing Message-ID.
    expect(out.patches[1]!.diagnostics).toEqual([
      { severity: 'error', message: expect.stringMatching(/\(diff line 4\)$/), input: 'series.mbox', inputLine: 80, messageId: '#2' },
    ]);
  });

  it('leaves a patch with no diff text without files or diagnostics', () => {
    const out = attachDiffs(series([patch(1, '')]));
    expect(out.patches[0]).toMatchObject({ files: [], added: 0, removed: 0, diagnostics: [] });
  });
});
