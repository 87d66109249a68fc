import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/index.js';

/** Issue 13 §5: a bad message gets one diagnostic per kind of problem, not one per line. */
describe('diff diagnostics', () => {
  it('a header block of 50 bad lines: one diagnostic naming the first, the rest counted', () => {
    const text = `diff --git a/x.c b/x.c\n${'+if (x)\n'.repeat(50)}--- a/x.c\n+++ b/x.c\n@@ -1,1 +1,1 @@\n-a\n+b\n`;
    const { diagnostics, files } = parseDiff(text, { input: 'p.mbox', inputLineOfFirst: 10 });
    expect(files).toHaveLength(1);
    expect(diagnostics).toEqual([{ severity: 'warning', message: 'unrecognised diff header: +if (x) (and 49 more like it in this patch)', inputLine: 11, input: 'p.mbox' }]);
  });

  it('hunks short of their counts: one diagnostic for all of them', () => {
    const hunk = (n: number) => `@@ -${n},5 +${n},5 @@\n-a\n+b\n`;
    const text = `diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n${[1, 20, 40, 60].map(hunk).join('')}`;
    const { diagnostics } = parseDiff(text);
    const short = diagnostics.filter((d) => /is short by/.test(d.message));
    expect(short).toHaveLength(1);
    expect(short[0]!.message).toMatch(/^hunk @@ -1,5 \+1,5 @@ is short by \d+ old and \d+ new lines \(and 3 more like it in this patch\)$/);
  });
});
