import type { Node, TreeCursor } from 'web-tree-sitter';

/**
 * How deep below the root a node the extractors ask about may be. Kernel
 * sources never go past 50 levels (mm/, virt/, include/linux, arch/x86 of
 * 6.12); hostile input (`!!!!…f(x)`, a thousand `else if`s) goes as deep as
 * it is long. Beyond this, the image is left to the text rules.
 */
export const MAX_TREE_DEPTH = 256;

/**
 * The work the C view may do for one patch: parse operations (in hundreds,
 * as tree-sitter's progress callback counts them) and extraction steps
 * (statements and calls read). Counted rather than timed, so that a patch
 * gets the same view on any machine, under any load and with any --jobs.
 */
export class WorkBudget {
  constructor(
    private parseLeft: number,
    private extractLeft: number,
  ) {}

  /** For tree-sitter's progress callback: true (stop) once the parse steps are spent. */
  parseStep(): boolean {
    return --this.parseLeft < 0;
  }

  /** One statement or call read; throws OutOfBudgetError once the extraction steps are spent. */
  extractStep(): void {
    if (--this.extractLeft < 0) throw new OutOfBudgetError('reading');
  }
}

/** The C view of a patch used up its WorkBudget. */
export class OutOfBudgetError extends Error {
  constructor(readonly stage: 'parsing' | 'reading') {
    super(`${stage} the patch's C code needs more work than the C view does for one patch`);
    this.name = 'OutOfBudgetError';
  }
}

/** A node the extractors ask about is deeper than MAX_TREE_DEPTH. */
export class TooDeepError extends Error {
  constructor(readonly row: number) {
    super(`nesting deeper than ${MAX_TREE_DEPTH} levels`);
    this.name = 'TooDeepError';
  }
}

/**
 * Node facts of one parsed image, read once. Every `type`, `parent`,
 * `endIndex` or `childForFieldName` on a web-tree-sitter Node crosses into
 * wasm, and `parent` hands back a new Node object each time, so the
 * extractors, which ask the same questions about the same nodes over and
 * over (each call climbs its ancestors several times), ask here instead.
 * Keyed by node id, which is unique within one tree; one Syntax per tree.
 *
 * Parents are found by walking down, not up: tree-sitter keeps no parent
 * links, so `node.parent` searches from the root each time (O(depth)), and
 * climbing from a node costs O(depth²). A cursor walks down from the root to
 * each node asked about instead, recording every node it passes as the
 * parent of the next; the extractors ask in tree order, so the walk goes on
 * from where the last one stopped and reads each part of the tree once.
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
  /** The walk (see parent): its cursor stands on `path`'s last node; `path` runs from the root down. */
  private cursor: TreeCursor | undefined;
  private path: Node[] = [];

  /**
   * @param root the tree's root, for the walk (without it, parents come from tree-sitter)
   * @param budget what tick() draws on
   */
  constructor(
    private readonly original: string,
    private readonly parsed: string,
    private readonly root?: Node,
    private readonly budget?: WorkBudget,
  ) {}

  /** Called by the extractors per statement and per call; throws OutOfBudgetError once the budget is spent. */
  tick(): void {
    this.budget?.extractStep();
  }

  /** Frees the walk's cursor (wasm memory); call before the tree is deleted. */
  dispose(): void {
    this.cursor?.delete();
    this.cursor = undefined;
    this.path = [];
  }

  type(n: Node): string {
    return cached(this.types, n.id, () => n.type);
  }

  /** Records a type already known (from an index walk) so it is never asked for. */
  knowType(n: Node, type: string): void {
    this.types.set(n.id, type);
  }

  /** Throws TooDeepError for a node deeper than MAX_TREE_DEPTH. */
  parent(n: Node): Node | null {
    const known = this.parents.get(n.id);
    if (known !== undefined) return known;
    if (this.root && this.walkTo(n)) return this.parents.get(n.id) ?? null;
    // Not reachable by the walk (a zero-width node, another tree): ask tree-sitter.
    return cached(this.parents, n.id, () => n.parent);
  }

  /** Moves the walk down to `target`, recording the parent of every node on the way; false when it is not found. */
  private walkTo(target: Node): boolean {
    const root = this.root!;
    if (target.id === root.id) {
      this.parents.set(root.id, null);
      return true;
    }
    const start = target.startIndex;
    const end = this.end(target);
    if (end <= start) return false;
    const contains = (n: Node): boolean => n.startIndex <= start && this.end(n) >= end;
    if (!this.cursor) {
      this.cursor = root.walk();
      this.path = [root];
    }
    const cursor = this.cursor;
    const path = this.path;
    // Up to the lowest node on the path that holds the target, then on to the
    // later sibling that does (the cursor is on the child the last walk took).
    if (!contains(path[path.length - 1]!)) {
      while (path.length > 1 && !contains(path[path.length - 2]!)) {
        path.pop();
        cursor.gotoParent();
      }
      if (path.length < 2) return this.restart();
      path.pop();
      if (!this.siblingHolding(start, end)) {
        // asked out of order: the target is before where the walk stands
        cursor.gotoParent();
        if (!cursor.gotoFirstChild() || !this.siblingHolding(start, end)) return this.restart();
      }
      this.enter(target);
    }
    while (path[path.length - 1]!.id !== target.id) {
      if (path.length > MAX_TREE_DEPTH) throw new TooDeepError(target.startPosition.row);
      if (!cursor.gotoFirstChild() || !this.siblingHolding(start, end)) return this.restart();
      this.enter(target);
    }
    return true;
  }

  /** From the cursor's node on through its later siblings, to the first that holds [start, end). */
  private siblingHolding(start: number, end: number): boolean {
    const cursor = this.cursor!;
    for (;;) {
      const s = cursor.startIndex;
      if (s > start) return false;
      if (cursor.endIndex >= end) return true;
      if (!cursor.gotoNextSibling()) return false;
    }
  }

  /** The cursor's node becomes the path's last, child of the one before. */
  private enter(target: Node): void {
    const cursor = this.cursor!;
    const node = cursor.nodeId === target.id ? target : cursor.currentNode;
    this.parents.set(node.id, this.path[this.path.length - 1]!);
    this.path.push(node);
  }

  /** The walk lost its way: it starts again from the root next time. */
  private restart(): false {
    this.cursor!.reset(this.root!);
    this.path = [this.root!];
    return false;
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

  private readonly memos = new Map<string, Map<number, unknown>>();

  /** What `remember` stored for this node under `kind`, or undefined. */
  recall<V>(kind: string, n: Node): V | undefined {
    return this.memos.get(kind)?.get(n.id) as V | undefined;
  }

  remember<V>(kind: string, n: Node, value: V): void {
    let byNode = this.memos.get(kind);
    if (!byNode) this.memos.set(kind, (byNode = new Map()));
    byNode.set(n.id, value);
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
