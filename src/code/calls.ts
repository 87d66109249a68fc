import type { Node } from 'web-tree-sitter';
import type { Syntax } from './syntax.js';
import { squash, splitArgs } from './text.js';

/** Expression wrappers that do not change what a call's value is used for. */
const TRANSPARENT = new Set(['parenthesized_expression']);

function isVoidCast(n: Node, s: Syntax): boolean {
  if (s.type(n) !== 'cast_expression') return false;
  const type = s.field(n, 'type');
  return squash(type ? s.parsedText(type) : '') === 'void';
}

/** Callee as written: `f`, `ops->free`, `(*fn)`; `guard(mutex)(&m)` names `guard`. */
export function calleeOf(call: Node, s: Syntax): string {
  const fn = s.field(call, 'function');
  if (!fn) return '';
  const type = s.type(fn);
  if (type === 'call_expression') return calleeOf(fn, s);
  if (type === 'parenthesized_expression') return squash(s.text(fn).slice(1, -1));
  return squash(s.text(fn)).replace(/\s+/g, '');
}

export function argsOf(call: Node, s: Syntax): string[] {
  const args = s.field(call, 'arguments');
  return args ? splitArgs(s.text(args)) : [];
}

/** The call's parent once parentheses and `(void)` casts are skipped. */
function usedBy(call: Node, s: Syntax): { node: Node | null; child: Node } {
  let child = call;
  let p = s.parent(call);
  while (p && (TRANSPARENT.has(s.type(p)) || isVoidCast(p, s))) { child = p; p = s.parent(p); }
  return { node: p, child };
}

export function isDiscarded(call: Node, s: Syntax): boolean {
  const { node } = usedBy(call, s);
  return node !== null && s.type(node) === 'expression_statement';
}

function declaratorName(d: Node | null, s: Syntax): string | undefined {
  let n = d;
  while (n) {
    const type = s.type(n);
    if (type === 'identifier' || type === 'field_identifier') break;
    n = s.field(n, 'declarator') ?? s.namedChildren(n)[0] ?? null;
  }
  return n ? s.parsedText(n) : undefined;
}

export function assignedToOf(call: Node, s: Syntax): string | undefined {
  let child = call;
  let p = s.parent(call);
  while (p && (TRANSPARENT.has(s.type(p)) || s.type(p) === 'cast_expression')) { child = p; p = s.parent(p); }
  if (!p) return undefined;
  const type = s.type(p);
  if (type === 'assignment_expression' && s.field(p, 'right')?.id === child.id) { const left = s.field(p, 'left'); return left ? squash(s.text(left)) : undefined; }
  if (type === 'init_declarator' && s.field(p, 'value')?.id === child.id) return declaratorName(s.field(p, 'declarator'), s);
  return undefined;
}

const STATEMENT_END = /_statement$|^declaration$|^compound_statement$|^translation_unit$|^function_definition$/;

/** Nearest call whose arguments contain this call (`BUG_ON`, `WARN_ON_ONCE`), or `if`/`while` for a condition. */
export function wrappedByOf(call: Node, s: Syntax): string | undefined {
  let child: Node = call;
  let p = s.parent(call);
  while (p) {
    const type = s.type(p);
    if (type === 'argument_list') {
      const outer = s.parent(p);
      if (outer && s.type(outer) === 'call_expression') return calleeOf(outer, s);
    }
    if (type === 'if_statement' && s.field(p, 'condition')?.id === child.id) return 'if';
    if (type === 'while_statement' && s.field(p, 'condition')?.id === child.id) return 'while';
    if (type === 'do_statement' && s.field(p, 'condition')?.id === child.id) return 'while';
    if (STATEMENT_END.test(type)) return undefined;
    child = p;
    p = s.parent(p);
  }
  return undefined;
}

export { declaratorName };
