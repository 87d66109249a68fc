import { Query, type Language, type Node } from 'web-tree-sitter';
import type { Syntax } from './syntax.js';

/** The node kinds the extractors look up below a node. */
export const INDEXED_TYPES = ['function_definition', 'comment', 'preproc_def', 'enumerator_list', 'init_declarator', 'call_expression', 'assignment_expression'];

/** One capture per indexed kind, named after it: the capture name is the node's type, with no call into wasm to ask it. */
let query: { language: Language; query: Query } | undefined;

function indexQuery(language: Language): Query {
  if (query?.language !== language) query = { language, query: new Query(language, INDEXED_TYPES.map((t) => `(${t}) @${t}`).join('\n')) };
  return query.query;
}

/**
 * Every node of the indexed kinds in one parsed image, found by a single
 * query run, in tree order (what `root.descendantsOfType(INDEXED_TYPES)`
 * returns). A descendantsOfType call per statement crossed into wasm and
 * scanned the grammar's type list each time, which cost more than the
 * parse; here lookups below a node are a binary search.
 */
export class NodeIndex {
  private readonly nodes: Node[];
  private readonly types: string[];
  /** Start offsets, ascending: the walk is in tree order, ancestors before descendants. */
  private readonly starts: number[];

  constructor(
    root: Node,
    private readonly syntax: Syntax,
  ) {
    const captures = indexQuery(root.tree.language).captures(root);
    this.nodes = captures.map((c) => c.node);
    this.types = captures.map((c) => c.name);
    this.starts = this.nodes.map((n) => n.startIndex);
    captures.forEach((c) => syntax.knowType(c.node, c.name));
  }

  /** Nodes of one indexed kind, in tree order. */
  ofType(type: string): Node[] {
    return this.nodes.filter((_n, i) => this.types[i] === type);
  }

  /**
   * `node.descendantsOfType(types)` (the node itself included) for indexed
   * kinds. Siblings never overlap, so an indexed node starting inside
   * `node`'s range is below it, unless it starts at the same offset and
   * ends later: then it is an ancestor.
   */
  within(node: Node, types: ReadonlySet<string>): { node: Node; type: string }[] {
    const start = node.startIndex;
    const end = this.syntax.end(node);
    const out: { node: Node; type: string }[] = [];
    for (let i = this.lowerBound(start); i < this.starts.length && this.starts[i]! < end; i++) {
      const type = this.types[i]!;
      if (!types.has(type)) continue;
      const n = this.nodes[i]!;
      if (this.starts[i] === start && n.id !== node.id && this.syntax.end(n) > end) continue;
      out.push({ node: n, type });
    }
    return out;
  }

  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
