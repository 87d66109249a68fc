import type { Node } from 'web-tree-sitter';
import type { Syntax } from './syntax.js';

/** The node kinds the extractors look up below a node. */
export const INDEXED_TYPES = ['function_definition', 'comment', 'preproc_def', 'enumerator_list', 'init_declarator', 'call_expression', 'assignment_expression'];

/**
 * Every node of the indexed kinds in one parsed image, found by a single
 * descendantsOfType walk. A descendantsOfType call per statement crossed
 * into wasm and scanned the grammar's type list each time, which cost more
 * than the parse; here lookups below a node are a binary search.
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
    this.nodes = root.descendantsOfType(INDEXED_TYPES).filter((n): n is Node => n !== null);
    this.types = this.nodes.map((n) => syntax.type(n));
    this.starts = this.nodes.map((n) => n.startIndex);
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
