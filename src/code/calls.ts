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
  let fn = s.field(call, 'function');
  // a loop, not recursion: `f()()()…` may be as long as the input
  while (fn && s.type(fn) === 'call_expression') fn = s.field(fn, 'function');
  if (!fn) return '';
  if (s.type(fn) === 'parenthesized_expression') return squash(s.text(fn).slice(1, -1));
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

/** What wraps `child` seen from its parent `p`: a name, `null` for nothing (stop), `undefined` to look further up. */
function wrapperAt(p: Node, child: Node, s: Syntax): string | null | undefined {
  const type = s.type(p);
  if (type === 'argument_list') {
    const outer = s.parent(p);
    if (outer && s.type(outer) === 'call_expression') return calleeOf(outer, s);
  }
  if (type === 'if_statement' && s.field(p, 'condition')?.id === child.id) return 'if';
  if (type === 'while_statement' && s.field(p, 'condition')?.id === child.id) return 'while';
  if (type === 'do_statement' && s.field(p, 'condition')?.id === child.id) return 'while';
  if (STATEMENT_END.test(type)) return null;
  return undefined;
}

/**
 * Nearest call whose arguments contain this call (`BUG_ON`, `WARN_ON_ONCE`), or `if`/`while` for a condition.
 * Remembered per node on the way up: the calls of `f() - f() - …` share their climb.
 */
export function wrappedByOf(call: Node, s: Syntax): string | undefined {
  const climbed: Node[] = [];
  let child: Node = call;
  let found: string | null = null;
  for (let p = s.parent(call); p; p = s.parent(p)) {
    const known = s.recall<string | null>('wrappedBy', child);
    if (known !== undefined) {
      found = known;
      break;
    }
    climbed.push(child);
    const here = wrapperAt(p, child, s);
    if (here !== undefined) {
      found = here;
      break;
    }
    child = p;
  }
  for (const n of climbed) s.remember('wrappedBy', n, found);
  return found ?? undefined;
}

export { declaratorName };
