import type { Node } from 'web-tree-sitter';
import { argsOf, assignedToOf, calleeOf, declaratorName, isDiscarded, wrappedByOf } from './calls.js';
import type { Row, Side } from './image.js';
import type { NodeIndex } from './node-index.js';
import { MAX_TREE_DEPTH, TooDeepError, type Syntax } from './syntax.js';
import { headerFunction, squash } from './text.js';
import type { Assignment, CallSite, CodeLine, Comment, FunctionView, LoopInfo, Statement } from './types.js';
import { FRAGMENT_NAME } from './wrap.js';

/** Kernel macros that tree-sitter sees as a call followed by the loop body. */
export const ITERATOR_MACRO = /^(\w*for_each\w*|list_for_each\w*|hlist_for_each\w*|xa_for_each\w*|folio_for_each\w*|radix_tree_for_each\w*|kvm_for_each\w*)$/;

const STATEMENT_TYPES = new Set([
  'compound_statement', 'expression_statement', 'declaration', 'return_statement', 'goto_statement', 'if_statement', 'for_statement',
  'while_statement', 'do_statement', 'labeled_statement', 'switch_statement', 'case_statement', 'break_statement', 'continue_statement',
  'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'ERROR', 'comment', 'type_definition', 'attributed_statement',
]);

export interface ExtractOptions {
  file: string;
  side: Side;
  rows: Row[];
  /** git's function context, names a fragment. */
  header: string;
  /** Every row of the function comes from a real file (tree mode). */
  whole: boolean;
  /** Node facts and text as written (see blankAnnotations). */
  syntax: Syntax;
  index: NodeIndex;
}

const EXPRESSION_TYPES: ReadonlySet<string> = new Set(['call_expression', 'assignment_expression', 'init_declarator']);
const COMMENT: ReadonlySet<string> = new Set(['comment']);

interface Ctx {
  loops: LoopInfo[];
  guards: string[];
}

class FunctionBuilder {
  readonly statements: Statement[] = [];
  readonly calls: CallSite[] = [];
  readonly assignments: Assignment[] = [];
  readonly labels: string[] = [];

  constructor(private readonly rows: Row[], private readonly s: Syntax, private readonly index: NodeIndex) {}

  at(node: Node): CodeLine | undefined {
    return this.rows[node.startPosition.row]?.code;
  }

  private add(kind: Statement['kind'], node: Node, text: string, ctx: Ctx, target?: string): number {
    const line = this.at(node);
    if (!line) return -1;
    this.statements.push({ kind, text: squash(text), line, loops: ctx.loops, guards: ctx.guards, ...(target !== undefined ? { target } : {}) });
    return this.statements.length - 1;
  }

  /** Calls and assignments inside expression parts of a statement (never inside nested statements). */
  private expressions(parts: (Node | null)[], statement: number, ctx: Ctx): void {
    // Nothing is recorded outside a statement that has a line.
    if (statement < 0) return;
    for (const part of parts) {
      if (!part) continue;
      // The part itself comes first when it is a call or an assignment.
      const found = this.index.within(part, EXPRESSION_TYPES);
      for (const { node: call, type } of found) {
        if (type !== 'call_expression') continue;
        this.s.tick();
        // `guard(mutex)(&m)`: report the outer call only.
        const outer = this.s.parent(call);
        if (outer && this.s.type(outer) === 'call_expression' && this.s.field(outer, 'function')?.id === call.id) continue;
        const line = this.at(call);
        if (!line) continue;
        const assignedTo = assignedToOf(call, this.s);
        const wrappedBy = wrappedByOf(call, this.s);
        this.calls.push({
          callee: calleeOf(call, this.s), args: argsOf(call, this.s), text: this.s.text(call), line, loops: ctx.loops, guards: [...ternaryGuards(call, part, this.s), ...ctx.guards],
          discarded: isDiscarded(call, this.s), statement,
          ...(assignedTo !== undefined ? { assignedTo } : {}), ...(wrappedBy !== undefined ? { wrappedBy } : {}),
        });
      }
      for (const { node: a, type } of found) {
        if (type === 'call_expression') continue;
        const line = this.at(a);
        if (!line) continue;
        if (type === 'assignment_expression') {
          const left = this.s.field(a, 'left');
          const right = this.s.field(a, 'right');
          if (!left || !right) continue;
          const operator = this.s.text(a).slice(this.s.end(left) - a.startIndex, right.startIndex - a.startIndex).trim();
          this.assignments.push({ target: squash(this.s.text(left)), operator, value: squash(this.s.text(right)), line, statement });
        } else {
          const value = this.s.field(a, 'value');
          const target = declaratorName(this.s.field(a, 'declarator'), this.s);
          if (value && target) this.assignments.push({ target, operator: '=', value: squash(this.s.text(value)), line, statement });
        }
      }
    }
  }

  private loop(kind: LoopInfo['kind'], node: Node, header: string, bound: string): LoopInfo | undefined {
    const line = this.at(node);
    return line ? { kind, header: squash(header), bound: squash(bound), line } : undefined;
  }

  block(nodes: (Node | null)[], ctx: Ctx): void {
    const list = nodes.filter((n): n is Node => n !== null);
    for (let i = 0; i < list.length; i++) {
      const node = list[i]!;
      const next = list[i + 1];
      if (next && this.blockMacro(node, next, ctx)) { i++; continue; }
      this.statement(node, ctx);
    }
  }

  /** `list_for_each_entry(p, head, member) { ... }` and `scoped_guard(...) { ... }`: a call missing its `;` followed by a body. */
  private blockMacro(node: Node, body: Node, ctx: Ctx): boolean {
    if (this.s.type(node) !== 'expression_statement' || this.s.text(node).trimEnd().endsWith(';')) return false;
    const call = this.s.namedChildren(node).find((c) => c !== null && this.s.type(c) === 'call_expression');
    if (!call || !STATEMENT_TYPES.has(this.s.type(body)) || this.s.type(body) === 'comment') return false;
    const callee = calleeOf(call, this.s);
    if (ITERATOR_MACRO.test(callee)) {
      const loop = this.loop('iterator', node, this.s.text(call), callee);
      const idx = this.add('loop', node, this.s.text(call), ctx);
      this.expressions([call], idx, ctx);
      this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
    } else {
      const idx = this.add('other', node, this.s.text(call), ctx);
      this.expressions([call], idx, ctx);
      this.statement(body, ctx);
    }
    return true;
  }

  /** What `node.text` says (the blanked text): labels are read as the parser saw them. */
  private parsedText(node: Node | null): string {
    return node ? this.s.parsedText(node) : '';
  }

  private headerText(node: Node, body: Node | null): string {
    return body ? this.s.text(node).slice(0, body.startIndex - node.startIndex) : this.s.text(node);
  }

  /** How many statements deep `statement` is: an `else if` chain nests as long as it is. */
  private depth = 0;

  statement(node: Node, ctx: Ctx): void {
    if (this.depth >= MAX_TREE_DEPTH) throw new TooDeepError(node.startPosition.row);
    this.s.tick();
    this.depth++;
    try {
      this.statementAt(node, ctx);
    } finally {
      this.depth--;
    }
  }

  private statementAt(node: Node, ctx: Ctx): void {
    const field = (name: string): Node | null => this.s.field(node, name);
    switch (this.s.type(node)) {
      case 'compound_statement':
        this.block(this.s.namedChildren(node), ctx);
        return;
      case 'comment':
        return;
      case 'preproc_if': case 'preproc_ifdef': case 'preproc_else': case 'preproc_elif': case 'preproc_elifdef': {
        const skip = new Set([field('condition')?.id, field('name')?.id]);
        this.block(this.s.namedChildren(node).filter((c) => c !== null && !skip.has(c.id) && (STATEMENT_TYPES.has(this.s.type(c)) || this.s.type(c).endsWith('_statement'))), ctx);
        return;
      }
      case 'if_statement': {
        const condNode = field('condition');
        const cond = squash(unparen(condNode ? this.s.text(condNode) : ''));
        const idx = this.add('if', node, `if (${cond})`, ctx);
        this.expressions([condNode], idx, ctx);
        const then = field('consequence');
        if (then) this.statement(then, { ...ctx, guards: [cond, ...ctx.guards] });
        const alt = field('alternative');
        const altBody = alt ? this.s.namedChildren(alt).find((c) => this.s.type(c) !== 'comment') : undefined;
        if (altBody) this.statement(altBody, { ...ctx, guards: [`!(${cond})`, ...ctx.guards] });
        return;
      }
      case 'for_statement': {
        const body = field('body');
        const header = this.headerText(node, body);
        const cond = field('condition');
        const loop = this.loop('for', node, header, cond ? this.s.text(cond) : '');
        const idx = this.add('loop', node, header, ctx);
        this.expressions([field('initializer'), cond, field('update')], idx, ctx);
        if (body) this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
        return;
      }
      case 'while_statement': {
        const body = field('body');
        const condNode = field('condition');
        const cond = unparen(condNode ? this.s.text(condNode) : '');
        const loop = this.loop('while', node, this.headerText(node, body), cond);
        const idx = this.add('loop', node, this.headerText(node, body), ctx);
        this.expressions([condNode], idx, ctx);
        if (body) this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
        return;
      }
      case 'do_statement': {
        const body = field('body');
        const condNode = field('condition');
        // A `while` made up to close a do-loop the hunk leaves open is not the real condition.
        const seen = condNode !== null && this.at(condNode) !== undefined;
        const cond = seen ? unparen(this.s.text(condNode)) : '';
        const header = seen ? `do … while (${squash(cond)})` : 'do';
        const loop = this.loop('do', node, header, cond);
        const idx = this.add('loop', node, header, ctx);
        this.expressions([condNode], idx, ctx);
        if (body) this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
        return;
      }
      case 'labeled_statement': {
        const label = this.parsedText(field('label'));
        if (label) this.labels.push(label);
        this.add('label', node, `${label}:`, ctx, label);
        this.block(this.s.namedChildren(node).filter((c) => c !== null && this.s.type(c) !== 'statement_identifier'), ctx);
        return;
      }
      case 'goto_statement': {
        const label = this.parsedText(field('label'));
        this.add('goto', node, this.s.text(node), ctx, label);
        return;
      }
      case 'return_statement': {
        const value = this.s.namedChildren(node).find((c) => c !== null && this.s.type(c) !== 'comment');
        const idx = this.add('return', node, this.s.text(node), ctx, squash(value ? this.s.text(value) : ''));
        this.expressions([value ?? null], idx, ctx);
        return;
      }
      case 'expression_statement': {
        const idx = this.add('expression', node, this.s.text(node), ctx);
        // The statement as one part finds the same calls and assignments as its
        // children one by one (they are all it holds but `;`), without listing them.
        this.expressions([node], idx, ctx);
        return;
      }
      case 'declaration': {
        const idx = this.add('declaration', node, this.s.text(node), ctx);
        this.expressions([node], idx, ctx);
        return;
      }
      case 'switch_statement': {
        const body = field('body');
        const idx = this.add('other', node, this.headerText(node, body), ctx);
        this.expressions([field('condition')], idx, ctx);
        if (body) this.statement(body, ctx);
        return;
      }
      case 'case_statement': {
        const value = field('value');
        this.block(this.s.namedChildren(node).filter((c) => c !== null && c.id !== value?.id), ctx);
        return;
      }
      case 'ERROR': {
        // Kernel macros the grammar does not know: keep whatever parsed around them.
        for (const child of this.s.namedChildren(node)) {
          if (!child) continue;
          if (STATEMENT_TYPES.has(this.s.type(child)) || this.s.type(child).endsWith('_statement')) this.statement(child, ctx);
          else if (this.s.type(child).endsWith('_expression')) this.expressions([child], this.add('other', child, this.s.text(child), ctx), ctx);
        }
        return;
      }
      default: {
        const idx = this.add('other', node, this.s.text(node), ctx);
        this.expressions([node], idx, ctx);
      }
    }
  }
}

/** `(cond)` without its parentheses; other text as it is. */
function unparen(text: string): string {
  return text.length >= 2 && text.startsWith('(') && text.endsWith(')') ? text.slice(1, -1) : text;
}

/**
 * Conditions of `c ? a : b` between a call and its statement part, innermost first.
 * Remembered per node (for this part), so the calls of one long expression share their climb.
 */
function ternaryGuards(call: Node, top: Node, s: Syntax): string[] {
  const kind = `guards:${top.id}`;
  const climbed: { node: Node; guard?: string }[] = [];
  let child = call;
  let above: string[] = [];
  while (child.id !== top.id) {
    const known = s.recall<string[]>(kind, child);
    if (known) {
      above = known;
      break;
    }
    const p = s.parent(child);
    if (!p) break;
    let guard: string | undefined;
    if (s.type(p) === 'conditional_expression') {
      const condition = s.field(p, 'condition');
      const cond = condition ? squash(s.text(condition)) : '';
      if (s.field(p, 'consequence')?.id === child.id) guard = cond;
      else if (s.field(p, 'alternative')?.id === child.id) guard = `!(${cond})`;
    }
    climbed.push({ node: child, guard });
    child = p;
  }
  for (let i = climbed.length - 1; i >= 0; i--) {
    const { node, guard } = climbed[i]!;
    if (guard !== undefined) above = [guard, ...above];
    s.remember(kind, node, above);
  }
  return above;
}

function functionDeclarator(def: Node, s: Syntax): Node | undefined {
  let d = s.field(def, 'declarator');
  while (d && s.type(d) !== 'function_declarator') d = s.field(d, 'declarator');
  return d ?? undefined;
}

function signatureName(fd: Node | undefined, s: Syntax): string {
  const declarator = fd ? s.field(fd, 'declarator') : null;
  return declaratorName(declarator, s) ?? '';
}

function signatureParams(fd: Node | undefined, s: Syntax): string[] {
  const list = fd ? s.field(fd, 'parameters') : null;
  const params = (list ? s.namedChildren(list) : [])
    .filter((p) => s.type(p) !== 'comment')
    .map((p) => squash(s.text(p)));
  return params.length === 1 && params[0] === 'void' ? [] : params;
}

/** Every function definition in the tree, however deep (inside #ifdef or ERROR nodes). */
export function functionNodes(index: NodeIndex): Node[] {
  return index.ofType('function_definition');
}

/** A function as seen in one image, with what merging split functions needs to know. */
export interface BuiltFunction {
  view: FunctionView;
  /** Opened by the made-up wrapper: the hunk starts inside it. */
  fragment: boolean;
  /** Its closing brace is not in the image: the function goes on after the hunk. */
  openEnd: boolean;
}

export function buildFunction(def: Node, opts: ExtractOptions): BuiltFunction | undefined {
  const { rows } = opts;
  const first = def.startPosition.row;
  const last = def.endPosition.row;
  const mapped = rows.slice(first, last + 1).map((r) => r.code);
  const lines = mapped.filter((c): c is CodeLine => c !== undefined);
  if (lines.length === 0) return undefined;
  const fd = functionDeclarator(def, opts.syntax);
  let name = signatureName(fd, opts.syntax);
  const fragment = name === FRAGMENT_NAME;
  let params: string[];
  // The made-up wrapper's `(void)` is not the function's: git's header names it.
  if (fragment) ({ name, params } = headerFunction(opts.header) ?? { name: '', params: [] });
  else params = signatureParams(fd, opts.syntax);
  const b = new FunctionBuilder(rows, opts.syntax, opts.index);
  const body = opts.syntax.field(def, 'body');
  const bodyRows = body ? rows.slice(body.startPosition.row, body.endPosition.row + 1) : [];
  if (body) b.statement(body, { loops: [], guards: [] });
  const comments: Comment[] = [];
  for (const { node: c } of opts.index.within(def, COMMENT)) {
    const line = rows[c.startPosition.row]?.code;
    if (!line) continue;
    const text = opts.syntax.text(c);
    comments.push({ style: text.startsWith('//') ? 'line' : 'block', text, line });
  }
  // A wrapper around nothing but a closing brace or a blank line says nothing about the function.
  if (fragment && b.statements.length === 0 && comments.length === 0) return undefined;
  const view: FunctionView = {
    name, file: opts.file, side: opts.side,
    complete: opts.whole || (!fragment && bodyRows.length > 0 && bodyRows.every((r) => r.code !== undefined)),
    params, startLine: lines[0]!.line, endLine: lines[lines.length - 1]!.line,
    statements: b.statements, calls: b.calls, assignments: b.assignments, comments, labels: b.labels,
    hasErrors: def.hasError,
  };
  return { view, fragment, openEnd: mapped[mapped.length - 1] === undefined };
}
