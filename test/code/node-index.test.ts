import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParser } from '../../src/code/index.js';
import { isCFile } from '../../src/diff/index.js';
import { buildSegments } from '../../src/code/image.js';
import { INDEXED_TYPES, NodeIndex } from '../../src/code/node-index.js';
import { getParser } from '../../src/code/parser.js';
import { Syntax } from '../../src/code/syntax.js';
import { blankAnnotations } from '../../src/code/text.js';
import { wrapSegment } from '../../src/code/wrap.js';
import { CORPUS, patchesOf, ruleFixtures } from './helpers.js';

/**
 * NodeIndex stands for descendantsOfType: a query run in place of the walk,
 * and a range search in place of a walk below each node. Both must give
 * the same nodes in the same order on the images the view really parses.
 */
async function images(): Promise<string[]> {
  const files = [...readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).map((f) => path.join(CORPUS, f)), ...ruleFixtures()];
  const out: string[] = [];
  for (const file of files) {
    for (const patch of await patchesOf(file)) {
      for (const f of patch.files.filter((x) => isCFile(x.path))) {
        for (const side of ['post', 'pre'] as const) {
          for (const seg of buildSegments(f.hunks, side)) out.push(wrapSegment(seg).rows.map((r) => r.text).join('\n'));
        }
      }
    }
  }
  return out;
}

const ids = (nodes: (Node | null)[]): number[] => nodes.map((n) => n!.id);

let texts: string[];

beforeAll(async () => {
  await ensureParser();
  texts = await images();
});

describe('NodeIndex', () => {
  it('finds what descendantsOfType finds, kind by kind and below every node', () => {
    expect(texts.length).toBeGreaterThan(100);
    let checked = 0;
    for (const text of texts) {
      const parsed = blankAnnotations(text);
      const tree = getParser().parse(parsed)!;
      try {
        const root = tree.rootNode;
        const index = new NodeIndex(root, new Syntax(text, parsed));
        for (const type of INDEXED_TYPES) expect(ids(index.ofType(type))).toEqual(ids(root.descendantsOfType(type)));
        const kinds = new Set(['call_expression', 'assignment_expression', 'init_declarator']);
        const below = [...root.descendantsOfType(['compound_statement', 'expression_statement', 'declaration', 'if_statement', 'return_statement', 'ERROR']), ...index.ofType('call_expression')];
        for (const node of below) {
          expect(ids(index.within(node!, kinds).map((f) => f.node))).toEqual(ids(node!.descendantsOfType([...kinds])));
          checked++;
        }
      } finally {
        tree.delete();
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
