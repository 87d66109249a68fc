import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFileView, ensureParser } from '../../src/code/index.js';
import { grammarPath } from '../../src/code/parser.js';
import { MAX_TREE_DEPTH, Syntax, WorkBudget } from '../../src/code/syntax.js';
import { MAX_LINE_CHARS } from '../../src/code/view.js';
import { tooDeepRow } from '../../src/code/nesting.js';
import { parseDiff } from '../../src/diff/index.js';
import { corpusDiff, parseDiffText } from './helpers.js';

/** A guest_memfd hunk adding `lines` inside a function. */
function hunk(lines: string[]): string {
  const body = [' static int kvm_gmem_x(struct folio *folio)', ' {', ...lines.map((l) => `+${l}`), ' \treturn 0;', ' }'];
  return `diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c\n--- a/virt/kvm/guest_memfd.c\n+++ b/virt/kvm/guest_memfd.c\n@@ -10,4 +10,${4 + lines.length} @@\n${body.join('\n')}\n`;
}

function view(lines: string[], budget?: WorkBudget) {
  const [file] = parseDiffText(hunk(lines));
  return buildFileView(file!, budget ? { budget } : {});
}

const calls = (v: ReturnType<typeof view>) => v.post.flatMap((f) => f.calls.map((c) => c.callee));

beforeAll(async () => {
  await ensureParser();
});

describe('the C view reads a bounded amount of each patch', () => {
  it('leaves a line over the length cap out, says so, and still reads the rest of the hunk', () => {
    const v = view([`\tr = ${'!'.repeat(20_000)}f(x);`, '\tset_direct_map_invalid_noflush(&folio->page);']);
    expect(calls(v)).toEqual(['set_direct_map_invalid_noflush']);
    expect(v.diagnostics).toHaveLength(1);
    expect(v.diagnostics![0]!.message).toMatch(new RegExp(`a line of 20010 characters is left out of the C view .*${MAX_LINE_CHARS}.*text rules`));
    expect(v.diagnostics![0]!.inputLine).toBe(12);
  });

  it('reports the long lines of a file in one diagnostic, with a count', () => {
    // 300 long lines in one hunk gave 300 diagnostics.
    const v = view([...Array(300).fill(`\tr = f(${'x+'.repeat(2500)}y);`), '\tset_direct_map_invalid_noflush(&folio->page);']);
    expect(calls(v)).toEqual(['set_direct_map_invalid_noflush']);
    expect(v.diagnostics?.map((d) => [d.inputLine, d.message])).toEqual([[12, expect.stringMatching(/^a line of 5010 characters is left out of the C view .* \(and 299 more lines over the cap in this file\)$/)]]);
  });

  it('skips an image nested deeper than the cap, within the line cap, with a diagnostic', () => {
    const v = view([...Array(MAX_TREE_DEPTH + 10).fill('\t!'), '\tset_direct_map_invalid_noflush(&folio->page);']);
    expect(v.post).toEqual([]);
    expect(v.diagnostics?.map((d) => d.message)).toEqual([expect.stringMatching(new RegExp(`^nesting deeper than ${MAX_TREE_DEPTH} levels: the C view skips the post image \\(lines 10–\\d+\\); its hunks are reviewed by the text rules only$`))]);
  });

  it('skips brackets nested past the cap before any query runs, on the line where the cap is passed', () => {
    // 70,000 nested braces in one fuzzed mail cost tree-sitter's query cursor 18 s (O(depth) per step).
    const v = view([...Array(70_000).fill('\t{'), '\tset_direct_map_invalid_noflush(&folio->page);']);
    expect(v.post).toEqual([]);
    expect(v.diagnostics?.map((d) => [d.inputLine, d.message])).toEqual([[10 + 2 + MAX_TREE_DEPTH - 1, expect.stringMatching(/^nesting deeper than \d+ levels: the C view skips the post image/)]]);
  });

  it('counts no bracket in comments or literals', () => {
    const noise = ['\t/* ' + '{'.repeat(400) + ' */', '\t// ' + '('.repeat(400), `\tpr_info("${'['.repeat(400)}");`, "\tc = '{';"];
    expect(tooDeepRow(noise.join('\n'))).toBeUndefined();
    expect(calls(view([...noise, '\tset_direct_map_invalid_noflush(&folio->page);']))).toContain('set_direct_map_invalid_noflush');
    expect(tooDeepRow(`${'('.repeat(MAX_TREE_DEPTH)}\n(`)).toBe(1);
  });

  it('an else-if chain deeper than the cap is skipped, not a stack overflow', () => {
    const chain = Array.from({ length: 1_000 }, (_, i) => `\t${i ? 'else ' : ''}if (a == ${i}) b();`);
    const v = view(chain);
    expect(v.diagnostics?.[0]?.message).toMatch(/^nesting deeper than/);
  });

  it('stops parsing when the parse steps of the patch are spent', () => {
    const many = Array.from({ length: 200 }, (_, i) => `\tf${i}(x);`);
    expect(calls(view(many, new WorkBudget(100, 1000)))).toHaveLength(200);
    const v = view(many, new WorkBudget(2, 1000));
    expect(v.post).toEqual([]);
    expect(v.diagnostics?.[0]?.message).toMatch(/^parsing the patch's C code needs more work than the C view does for one patch: the C view skips the post image/);
  });

  it('stops reading when the extraction steps of the patch are spent', () => {
    const many = Array.from({ length: 200 }, (_, i) => `\tf${i}(x);`);
    expect(calls(view(many, new WorkBudget(1000, 1000)))).toHaveLength(200);
    const v = view(many, new WorkBudget(1000, 100));
    expect(v.post).toEqual([]);
    expect(v.diagnostics?.[0]?.message).toMatch(/^reading the patch's C code needs more work/);
  });

  it('says once that the budget is spent, with the number of images skipped after it', () => {
    // A fuzzed mail with 580 copies of one hunk gave 324 identical diagnostics, one per image after the budget ran out.
    const far = (n: number) => `@@ -${n},3 +${n},4 @@\n static int kvm_gmem_f${n}(struct folio *folio)\n {\n+\tf${n}(x);\n \treturn 0;\n`;
    const text = `diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c\n--- a/virt/kvm/guest_memfd.c\n+++ b/virt/kvm/guest_memfd.c\n${Array.from({ length: 40 }, (_, i) => far(100 + i * 100)).join('')}`;
    const [file] = parseDiffText(text);
    expect(buildFileView(file!).diagnostics).toBeUndefined();
    const v = buildFileView(file!, { budget: new WorkBudget(1000, 10) });
    expect(v.diagnostics?.map((d) => d.message)).toEqual([
      expect.stringMatching(/^reading the patch's C code needs more work than the C view does for one patch: the C view skips the post image \(lines \d+–\d+\); its hunks are reviewed by the text rules only \(and \d+ more images of this patch after it\)$/),
    ]);
  });

  it('the diff stage gives line records to the first MAX lines of a patch and counts the rest', () => {
    const text = hunk(Array.from({ length: 50 }, (_, i) => `\tf${i}(x);`));
    const parsed = parseDiff(text, { maxLines: 20 });
    const [file] = parsed.files;
    expect(file!.hunks[0]!.lines).toHaveLength(20);
    expect(file!.added).toBe(50);
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^the diff has 54 hunk lines; the C view, the model and the rules read the first 20 /) })]);
  });
});

describe('parents from one walk down', () => {
  let parser: Parser;

  beforeAll(async () => {
    await Parser.init();
    parser = new Parser();
    parser.setLanguage(await Language.load(grammarPath()));
  });

  /** Every node of the tree, in tree order. */
  function allNodes(root: Node): Node[] {
    const out: Node[] = [];
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      out.push(n);
      for (let i = n.childCount - 1; i >= 0; i--) stack.push(n.child(i)!);
    }
    return out;
  }

  const texts = [
    readFileSync(path.join(import.meta.dirname, '../../fixtures/code/tree-gmem.diff'), 'utf8'),
    corpusDiff('roy-gmem-directmap-rfc-v1.mbox', 'add option to remove guest private memory from direct map'),
    'int f(void) { return a ? b(c(d)) : e[f(g)]->h; } struct s x = { .a = 1, .b = { 2, 3 } };',
  ].map((t) => t.replace(/^[+ -]/gm, ''));

  it('agree with tree-sitter for every node, asked in any order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.integer(), (text, seed) => {
        const tree = parser.parse(text)!;
        try {
          const nodes = allNodes(tree.rootNode);
          // tree order mostly, with jumps back, as the extractors ask
          const order = nodes.map((n, i) => ({ n, k: (i * 7919 + seed) % 13 === 0 ? -i : i })).sort((a, b) => a.k - b.k);
          const s = new Syntax(text, text, tree.rootNode);
          for (const { n } of order) expect(s.parent(n)?.id ?? null, n.type).toBe(n.parent?.id ?? null);
          s.dispose();
        } finally {
          tree.delete();
        }
      }),
      { numRuns: 20 },
    );
  });
});
