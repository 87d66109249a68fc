import type { Node } from 'web-tree-sitter';
import { squash, splitArgs, type NodeText } from './text.js';

/** Expression wrappers that do not change what a call's value is used for. */
const TRANSPARENT = new Set(['parenthesized_expression']);

function isVoidCast(n: Node): boolean {
  return n.type === 'cast_expression' && squash(n.childForFieldName('type')?.text ?? '') === 'void';
}

/** Callee as written: `f`, `ops->free`, `(*fn)`; `guard(mutex)(&m)` names `guard`. */
export function calleeOf(call: Node, t: NodeText): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  if (fn.type === 'call_expression') return calleeOf(fn, t);
  if (fn.type === 'parenthesized_expression') return squash(t(fn).slice(1, -1));
  return squash(t(fn)).replace(/\s+/g, '');
}

export function argsOf(call: Node, t: NodeText): string[] {
  const args = call.childForFieldName('arguments');
  return args ? splitArgs(t(args)) : [];
}

/** The call's parent once parentheses and `(void)` casts are skipped. */
function usedBy(call: Node): { node: Node | null; child: Node } {
  let child = call;
  let p = call.parent;
  while (p && (TRANSPARENT.has(p.type) || isVoidCast(p))) { child = p; p = p.parent; }
  return { node: p, child };
}

export function isDiscarded(call: Node): boolean {
  return usedBy(call).node?.type === 'expression_statement';
}

function declaratorName(d: Node | null): string | undefined {
  let n = d;
  while (n && n.type !== 'identifier' && n.type !== 'field_identifier') n = n.childForFieldName('declarator') ?? n.namedChildren.find((c) => c !== null) ?? null;
  return n?.text;
}

export function assignedToOf(call: Node, t: NodeText): string | undefined {
  let child = call;
  let p = call.parent;
  while (p && (TRANSPARENT.has(p.type) || p.type === 'cast_expression')) { child = p; p = p.parent; }
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === child.id) { const left = p.childForFieldName('left'); return left ? squash(t(left)) : undefined; }
  if (p.type === 'init_declarator' && p.childForFieldName('value')?.id === child.id) return declaratorName(p.childForFieldName('declarator'));
  return undefined;
}

const STATEMENT_END = /_statement$|^declaration$|^compound_statement$|^translation_unit$|^function_definition$/;

/** Nearest call whose arguments contain this call (`BUG_ON`, `WARN_ON_ONCE`), or `if`/`while` for a condition. */
export function wrappedByOf(call: Node, t: NodeText): string | undefined {
  let child: Node = call;
  let p = call.parent;
  while (p) {
    if (p.type === 'argument_list' && p.parent?.type === 'call_expression') return calleeOf(p.parent, t);
    if (p.type === 'if_statement' && p.childForFieldName('condition')?.id === child.id) return 'if';
    if (p.type === 'while_statement' && p.childForFieldName('condition')?.id === child.id) return 'while';
    if (p.type === 'do_statement' && p.childForFieldName('condition')?.id === child.id) return 'while';
    if (STATEMENT_END.test(p.type)) return undefined;
    child = p;
    p = p.parent;
  }
  return undefined;
}

export { declaratorName };
