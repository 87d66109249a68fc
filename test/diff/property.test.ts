import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/index.js';
import { withoutHunks } from './helpers.js';

type Op = { kind: 'context' | 'add' | 'del'; text: string };

// Any single-line text; includes `-- `, `++ x`, `@@`, `diff --git` and empty strings.
const lineText = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.constantFrom('- ', '-- ', '++ b/x', '-- a/x', 'diff --git a/x b/x', '@@ -1 +1 @@', '\\ No newline at end of file', ''),
);
const op = fc.record({ kind: fc.constantFrom('context', 'add', 'del'), text: lineText }) as fc.Arbitrary<Op>;
const hunkSpec = fc.record({ gap: fc.nat({ max: 50 }), ops: fc.array(op, { minLength: 1, maxLength: 15 }) });

/** Builds a diff with known numbers: the expected (kind, old, new, diffLine) of every line. */
function build(hunks: { gap: number; ops: Op[] }[], signature: boolean) {
  const out = ['diff --git a/f.c b/f.c', 'index 1234567..89abcde 100644', '--- a/f.c', '+++ b/f.c'];
  const expected: [string, number | null, number | null, number][] = [];
  let oldNo = 1;
  let newNo = 1;
  for (const h of hunks) {
    oldNo += h.gap;
    newNo += h.gap;
    const oldCount = h.ops.filter((o) => o.kind !== 'add').length;
    const newCount = h.ops.filter((o) => o.kind !== 'del').length;
    out.push(`@@ -${oldCount ? oldNo : oldNo - 1},${oldCount} +${newCount ? newNo : newNo - 1},${newCount} @@ fn${out.length}`);
    for (const o of h.ops) {
      const marker = o.kind === 'add' ? '+' : o.kind === 'del' ? '-' : ' ';
      expected.push([o.kind, o.kind === 'add' ? null : oldNo, o.kind === 'del' ? null : newNo, out.length]);
      out.push(marker + o.text);
      if (o.kind !== 'add') oldNo++;
      if (o.kind !== 'del') newNo++;
    }
  }
  if (signature) out.push('-- ', '2.45.2', '');
  return { text: out.join('\n'), expected };
}

describe('parseDiff properties', () => {
  it('random valid hunks round-trip to the numbers they were generated with', () => {
    fc.assert(
      fc.property(fc.array(hunkSpec, { minLength: 1, maxLength: 4 }), fc.boolean(), (hunks, signature) => {
        const { text, expected } = build(hunks, signature);
        const { files, diagnostics } = parseDiff(text, { inputLineOfFirst: 7 });
        expect(diagnostics).toEqual([]);
        expect(files).toHaveLength(1);
        const got = files[0]!.hunks.flatMap((h) => h.lines.map((l) => [l.kind, l.oldLine ?? null, l.newLine ?? null, l.diffLine]));
        expect(got).toEqual(expected);
        expect(files[0]!.hunks.flatMap((h) => h.lines.map((l) => l.inputLine! - l.diffLine))).toEqual(expected.map(() => 7));
        expect(files[0]!.added).toBe(expected.filter((e) => e[0] === 'add').length);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary text, and every diagnostic has a line', () => {
    const pieces = fc.constantFrom('diff --git a/x b/y', '--- a/x', '+++ b/x', '@@ -1,2 +1 @@', '@@ -0,0 +1,3 @@ f', ' c', '-d', '+a', '', '-- ', '2.1', '\\ No newline at end of file', 'rename from q', 'GIT binary patch', 'Index: z', 'diff -u a b', '"', 'similarity index 9%');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join('\n'))), (text) => {
        const r = parseDiff(text);
        for (const d of r.diagnostics) expect(d.inputLine).toBeGreaterThan(0);
        for (const f of r.files) expect(typeof f.path).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('hunks: false gives the full parse without hunk lines, on arbitrary text', () => {
    const pieces = fc.constantFrom('diff --git a/x b/y', '--- a/x', '+++ b/x', '@@ -1,2 +1 @@', '@@ -0,0 +1,3 @@ f', '@@ -3 +3,2 @@', ' c', '-d', '+a', '', '-- ', '2.1', '\\ No newline at end of file', 'rename from q', 'rename to r', 'new file mode 100644', 'GIT binary patch', 'Binary files a/x and b/x differ', 'Index: z', 'diff -u a b', '"', 'similarity index 9%');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((a) => a.join('\n')), (text) => {
        expect(parseDiff(text, { hunks: false, inputLineOfFirst: 3 })).toEqual(withoutHunks(parseDiff(text, { inputLineOfFirst: 3 })));
      }),
      { numRuns: 2000 },
    );
  });
});

