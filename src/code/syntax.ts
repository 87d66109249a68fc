import type { Node } from 'web-tree-sitter';

/**
 * Node facts of one parsed image, read once. Every `type`, `parent`,
 * `endIndex` or `childForFieldName` on a web-tree-sitter Node crosses into
 * wasm, and `parent` hands back a new Node object each time, so the
 * extractors, which ask the same questions about the same nodes over and
 * over (each call climbs its ancestors several times), ask here instead.
 * Keyed by node id, which is unique within one tree; one Syntax per tree.
 */
export class Syntax {
  private readonly types = new Map<number, string>();
  private readonly parents = new Map<number, Node | null>();
  private readonly ends = new Map<number, number>();
  private readonly fields = new Map<number, Map<string, Node | null>>();
  private readonly named = new Map<number, Node[]>();

  /**
   * @param original the text as written, for node text (the parser saw annotations blanked, see blankAnnotations)
   * @param parsed the text the parser saw, for what `node.text` would say
   */
  constructor(
    private readonly original: string,
    private readonly parsed: string,
  ) {}

  type(n: Node): string {
    return cached(this.types, n.id, () => n.type);
  }

  /** Records a type already known (from an index walk) so it is never asked for. */
  knowType(n: Node, type: string): void {
    this.types.set(n.id, type);
  }

  parent(n: Node): Node | null {
    return cached(this.parents, n.id, () => n.parent);
  }

  end(n: Node): number {
    return cached(this.ends, n.id, () => n.endIndex);
  }

  field(n: Node, name: string): Node | null {
    let byName = this.fields.get(n.id);
    if (!byName) {
      byName = new Map();
      this.fields.set(n.id, byName);
    }
    let c = byName.get(name);
    if (c === undefined) {
      c = n.childForFieldName(name);
      byName.set(name, c);
    }
    return c;
  }

  namedChildren(n: Node): Node[] {
    let cs = this.named.get(n.id);
    if (!cs) {
      cs = n.namedChildren.filter((c): c is Node => c !== null);
      this.named.set(n.id, cs);
    }
    return cs;
  }

  /** The node's text as written in the patch. */
  text(n: Node): string {
    return this.original.slice(n.startIndex, this.end(n));
  }

  /** The node's text as the parser saw it: `node.text`. */
  parsedText(n: Node): string {
    return this.parsed.slice(n.startIndex, this.end(n));
  }
}

/** The value under `key`, read (across the wasm boundary) only the first time. */
function cached<V>(map: Map<number, V>, key: number, read: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = read();
    map.set(key, v);
  }
  return v;
}
