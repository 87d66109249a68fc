import type { Node } from 'web-tree-sitter';
import { argsOf, assignedToOf, calleeOf, declaratorName, isDiscarded, wrappedByOf } from './calls.js';
import type { Row, Side } from './image.js';
import type { NodeIndex } from './node-index.js';
import { headerFunction, squash, type NodeText } from './text.js';
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
  /** Node text as written (see blankAnnotations). */
  text: NodeText;
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

  constructor(private readonly rows: Row[], private readonly t: NodeText, private readonly index: NodeIndex) {}

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
        // `guard(mutex)(&m)`: report the outer call only.
        if (call.parent?.type === 'call_expression' && call.parent.childForFieldName('function')?.id === call.id) continue;
        const line = this.at(call);
        if (!line) continue;
        const assignedTo = assignedToOf(call, this.t);
        const wrappedBy = wrappedByOf(call, this.t);
        this.calls.push({
          callee: calleeOf(call, this.t), args: argsOf(call, this.t), text: this.t(call), line, loops: ctx.loops, guards: [...ternaryGuards(call, part, this.t), ...ctx.guards],
          discarded: isDiscarded(call), statement,
          ...(assignedTo !== undefined ? { assignedTo } : {}), ...(wrappedBy !== undefined ? { wrappedBy } : {}),
        });
      }
      for (const { node: a, type } of found) {
        if (type === 'call_expression') continue;
        const line = this.at(a);
        if (!line) continue;
        if (type === 'assignment_expression') {
          const left = a.childForFieldName('left');
          const right = a.childForFieldName('right');
          if (!left || !right) continue;
          const operator = this.t(a).slice(left.endIndex - a.startIndex, right.startIndex - a.startIndex).trim();
          this.assignments.push({ target: squash(this.t(left)), operator, value: squash(this.t(right)), line, statement });
        } else {
          const value = a.childForFieldName('value');
          const target = declaratorName(a.childForFieldName('declarator'));
          if (value && target) this.assignments.push({ target, operator: '=', value: squash(this.t(value)), line, statement });
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
    if (node.type !== 'expression_statement' || this.t(node).trimEnd().endsWith(';')) return false;
    const call = node.namedChildren.find((c) => c !== null && c.type === 'call_expression');
    if (!call || !STATEMENT_TYPES.has(body.type) || body.type === 'comment') return false;
    const callee = calleeOf(call, this.t);
    if (ITERATOR_MACRO.test(callee)) {
      const loop = this.loop('iterator', node, this.t(call), callee);
      const idx = this.add('loop', node, this.t(call), ctx);
      this.expressions([call], idx, ctx);
      this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
    } else {
      const idx = this.add('other', node, this.t(call), ctx);
      this.expressions([call], idx, ctx);
      this.statement(body, ctx);
    }
    return true;
  }

  private headerText(node: Node, body: Node | null): string {
    return body ? this.t(node).slice(0, body.startIndex - node.startIndex) : this.t(node);
  }

  statement(node: Node, ctx: Ctx): void {
    const field = (name: string): Node | null => node.childForFieldName(name);
    switch (node.type) {
      case 'compound_statement':
        this.block(node.namedChildren, ctx);
        return;
      case 'comment':
        return;
      case 'preproc_if': case 'preproc_ifdef': case 'preproc_else': case 'preproc_elif': case 'preproc_elifdef': {
        const skip = new Set([field('condition')?.id, field('name')?.id]);
        this.block(node.namedChildren.filter((c) => c !== null && !skip.has(c.id) && (STATEMENT_TYPES.has(c.type) || c.type.endsWith('_statement'))), ctx);
        return;
      }
      case 'if_statement': {
        const condNode = field('condition');
        const cond = squash((condNode ? this.t(condNode) : '').replace(/^\(([\s\S]*)\)$/, '$1') ?? '');
        const idx = this.add('if', node, `if (${cond})`, ctx);
        this.expressions([condNode], idx, ctx);
        const then = field('consequence');
        if (then) this.statement(then, { ...ctx, guards: [cond, ...ctx.guards] });
        const alt = field('alternative');
        const altBody = alt?.namedChildren.find((c) => c !== null && c.type !== 'comment');
        if (altBody) this.statement(altBody, { ...ctx, guards: [`!(${cond})`, ...ctx.guards] });
        return;
      }
      case 'for_statement': {
        const body = field('body');
        const header = this.headerText(node, body);
        const cond = field('condition');
        const loop = this.loop('for', node, header, cond ? this.t(cond) : '');
        const idx = this.add('loop', node, header, ctx);
        this.expressions([field('initializer'), cond, field('update')], idx, ctx);
        if (body) this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
        return;
      }
      case 'while_statement': {
        const body = field('body');
        const condNode = field('condition');
        const cond = (condNode ? this.t(condNode) : '').replace(/^\(([\s\S]*)\)$/, '$1');
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
        const cond = seen ? this.t(condNode).replace(/^\(([\s\S]*)\)$/, '$1') : '';
        const header = seen ? `do … while (${squash(cond)})` : 'do';
        const loop = this.loop('do', node, header, cond);
        const idx = this.add('loop', node, header, ctx);
        this.expressions([condNode], idx, ctx);
        if (body) this.statement(body, loop ? { ...ctx, loops: [loop, ...ctx.loops] } : ctx);
        return;
      }
      case 'labeled_statement': {
        const label = field('label')?.text ?? '';
        if (label) this.labels.push(label);
        this.add('label', node, `${label}:`, ctx, label);
        this.block(node.namedChildren.filter((c) => c !== null && c.type !== 'statement_identifier'), ctx);
        return;
      }
      case 'goto_statement': {
        const label = field('label')?.text ?? '';
        this.add('goto', node, this.t(node), ctx, label);
        return;
      }
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
        const idx = this.add('return', node, this.t(node), ctx, squash(value ? this.t(value) : ''));
        this.expressions([value ?? null], idx, ctx);
        return;
      }
      case 'expression_statement': {
        const idx = this.add('expression', node, this.t(node), ctx);
        this.expressions(node.namedChildren, idx, ctx);
        return;
      }
      case 'declaration': {
        const idx = this.add('declaration', node, this.t(node), ctx);
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
        this.block(node.namedChildren.filter((c) => c !== null && c.id !== value?.id), ctx);
        return;
      }
      case 'ERROR': {
        // Kernel macros the grammar does not know: keep whatever parsed around them.
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (STATEMENT_TYPES.has(child.type) || child.type.endsWith('_statement')) this.statement(child, ctx);
          else if (child.type.endsWith('_expression')) this.expressions([child], this.add('other', child, this.t(child), ctx), ctx);
        }
        return;
      }
      default: {
        const idx = this.add('other', node, this.t(node), ctx);
        this.expressions([node], idx, ctx);
      }
    }
  }
}

/** Conditions of `c ? a : b` between a call and its statement part, innermost first. */
function ternaryGuards(call: Node, top: Node, t: NodeText): string[] {
  const out: string[] = [];
  let child = call;
  let p = call.parent;
  while (p && child.id !== top.id) {
    if (p.type === 'conditional_expression') {
      const condition = p.childForFieldName('condition');
      const cond = condition ? squash(t(condition)) : '';
      if (p.childForFieldName('consequence')?.id === child.id) out.push(cond);
      else if (p.childForFieldName('alternative')?.id === child.id) out.push(`!(${cond})`);
    }
    child = p;
    p = p.parent;
  }
  return out;
}

function functionDeclarator(def: Node): Node | undefined {
  let d = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

function signature(def: Node, t: NodeText): { name: string; params: string[] } {
  const fd = functionDeclarator(def);
  const name = declaratorName(fd?.childForFieldName('declarator') ?? null) ?? '';
  const params = (fd?.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((p): p is Node => p !== null && p.type !== 'comment')
    .map((p) => squash(t(p)));
  return { name, params: params.length === 1 && params[0] === 'void' ? [] : params };
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
  let { name, params } = signature(def, opts.text);
  const fragment = name === FRAGMENT_NAME;
  if (fragment) ({ name, params } = headerFunction(opts.header) ?? { name: '', params: [] });
  const b = new FunctionBuilder(rows, opts.text, opts.index);
  const body = def.childForFieldName('body');
  const bodyRows = body ? rows.slice(body.startPosition.row, body.endPosition.row + 1) : [];
  if (body) b.statement(body, { loops: [], guards: [] });
  const comments: Comment[] = [];
  for (const { node: c } of opts.index.within(def, COMMENT)) {
    const line = rows[c.startPosition.row]?.code;
    if (!line) continue;
    const text = opts.text(c);
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
