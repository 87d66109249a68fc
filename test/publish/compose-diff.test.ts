import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import parseDiff from 'parse-diff';
import { composePullDiff } from './compose-diff.js';
import { CORPUS, makePull } from './helpers.js';

/** The test server's PR diff must be what git itself produces, or the end-to-end test proves nothing. */
describe('composePullDiff (test helper)', () => {
  it('gives the same right-side lines as git diff base..head for a real two-commit branch', () => {
    const pull = makePull();
    const right = (diff: string) =>
      parseDiff(diff).map((f) => [f.to, f.chunks.flatMap((c) => c.changes.flatMap((ch) => (ch.type === 'add' ? [`+${ch.ln}`] : [])))]);
    expect(right(composePullDiff(pull.patch))).toEqual(right(pull.diff));
  });

  it('composes the 2024 RFC thread; patch 8 moves patch 5 hunks below line 319 by 30 lines', () => {
    const diff = composePullDiff(readFileSync(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox'), 'utf8'));
    const gmem = parseDiff(diff).find((f) => f.to === 'virt/kvm/guest_memfd.c')!;
    const added = gmem.chunks.flatMap((c) => c.changes.filter((ch) => ch.type === 'add').map((ch) => [ch.ln, ch.content.slice(1).trim()]));
    expect(added).toContainEqual([99, 'r = set_direct_map_invalid_noflush(&folio->page);']);
    expect(added.find(([, t]) => String(t).includes('set_direct_map_default_noflush'))?.[0]).toBe(418);
  });
});
