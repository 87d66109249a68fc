import { bare, callsIn, isOne, isZero, matchingBracket, splitTopLevel, type CallSite, type CallText, type FileView, type FunctionView, type LoopInfo } from '../../code/index.js';
import type { CallMeaning, Measure } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { joinPieces } from './flow.js';

export { bare, callsIn, isOne, isZero, type CallText };

/**
 * What the folio rules ask of expressions, all through the model: which page
 * of a folio an argument is, what quantity an expression holds (pages,
 * bytes, an order; of a folio, an xarray entry, the mapping's minimum folio
 * or one page), whether a function shows its folio may be large or is known
 * to be order-0. No symbol is named here: the model's `measures`, `tests`,
 * `aligns`, `args` and `maps` fields say what a call is.
 */

/** A quantity an expression holds; `count` is a derived count per unit (blocks per folio). */
export interface Quantity {
  unit: Measure['unit'] | 'count';
  of: Measure['of'];
  /** The text that gave it its meaning, for messages. */
  from: string;
}

/** The model meaning of a call written in text. */
export function meaningIn(ctx: RuleContext, c: CallText, file: string): CallMeaning | undefined {
  return ctx.model.meaning(c.callee, c.args, file);
}

/** `&folio->page` spelled out (not `folio_page()`): the memdesc marker of FO-10. */
export function embeddedPageOf(text: string): { folio: string; text: string } | undefined {
  const m = /&\s*\(?\s*([A-Za-z_][\w.>-]*?)\s*\)?\s*->\s*page\b(?!\s*\[\s*[1-9])/.exec(text);
  return m ? { folio: m[1]!, text: m[0] } : undefined;
}

/** Whether `name` is a folio in `fn`: declared `struct folio *`, or named so. */
export function isFolioName(fn: FunctionView, name: string): boolean {
  const last = name.split(/->|\./).pop()!;
  if (/folio/i.test(last)) return true;
  const decl = new RegExp(`\\bstruct\\s+folio\\s*\\*+\\s*(?:const\\s+)?${last.replace(/\W/g, '')}\\b`);
  return fn.params.some((p) => decl.test(p)) || fn.statements.some((s) => s.kind === 'declaration' && decl.test(s.text));
}

const measureQuantity = (m: Measure, from: string): Quantity => ({ unit: m.unit, of: m.of, from });

/**
 * The quantity an expression holds, from the model's `measures` of the calls
 * and constants in it and from locals already known: `1 << xa_get_order(…)`
 * is the page count of an xarray entry, `folio_size(f) >> blkbits` a count
 * per folio, `PAGE_SIZE - offset_in_page(p)` bytes of one page.
 */
export function quantityOf(ctx: RuleContext, text: string, file: string, locals?: ReadonlyMap<string, Quantity[]>): Quantity | undefined {
  const t = bare(text);
  if (!t) return undefined;
  // 1 << order, 1UL << order, BIT(order): pages of whatever the order is of
  const shift = /^1[UL]*\s*<<\s*(.+)$/.exec(t) ?? /^BIT\s*\((.+)\)$/.exec(t);
  if (shift) {
    const q = quantityOf(ctx, shift[1]!, file, locals);
    return q?.unit === 'order' ? { unit: 'pages', of: q.of, from: t } : undefined;
  }
  const left = splitBinary(t, ['<<']);
  if (left) {
    const [a, b] = left;
    const qa = quantityOf(ctx, a, file, locals);
    const qb = quantityOf(ctx, b, file, locals);
    if (qb?.unit === 'order' && qa?.of === 'page') return { unit: qa.unit === 'bytes' ? 'bytes' : 'pages', of: qb.of, from: t };
  }
  const scaled = splitBinary(t, ['>>', '/']);
  if (scaled) {
    const q = quantityOf(ctx, scaled[0], file, locals);
    if (q && q.unit !== 'order' && q.unit !== 'index') return { unit: q.unit === 'bytes' ? 'count' : q.unit, of: q.of, from: t };
  }
  const word = /^[A-Za-z_][\w]*(?:(?:->|\.)[A-Za-z_]\w*)*$/.exec(t)?.[0];
  if (word) {
    const local = locals?.get(word);
    if (local?.length) return local[0];
    const entry = ctx.model.bySymbol.get(word);
    if (entry?.measures) return measureQuantity(entry.measures, t);
    return undefined;
  }
  const calls = callsIn(t);
  const whole = calls[0] && calls[0].at === 0 && calls[0].text.length === t.length ? calls[0] : undefined;
  if (whole) {
    const m = meaningIn(ctx, whole, file);
    if (m?.entry.measures) return measureQuantity(m.entry.measures, t);
    // min()/max()/min_t(): the quantity of the first argument that has one
    if (!m) for (const a of whole.args) {
      const q = quantityOf(ctx, a, file, locals);
      if (q) return q;
    }
    return undefined;
  }
  // a ? b : c, a - b, a + b: the first measured operand names the quantity
  for (const part of splitOperands(t)) {
    const q = quantityOf(ctx, part, file, locals);
    if (q) return q;
  }
  return undefined;
}

/** `a OP b` at top level for the first of `ops` found (left-associative split at its last occurrence). */
function splitBinary(t: string, ops: string[]): [string, string] | undefined {
  let depth = 0;
  for (let i = t.length - 1; i > 0; i--) {
    const c = t[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') depth--;
    if (depth !== 0) continue;
    for (const op of ops) {
      if (t.startsWith(op, i) && !(op === '/' && (t[i + 1] === '/' || t[i + 1] === '*' || t[i - 1] === '*'))) {
        if (op === '>>' && t[i - 1] === '>') continue;
        if (op === '<<' && t[i - 1] === '<') continue;
        return [t.slice(0, i).trim(), t.slice(i + op.length).trim()];
      }
    }
  }
  return undefined;
}

/** Operands of + - ?: and comparisons at top level. */
function splitOperands(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (depth === 0 && /[+\-?:]/.test(c) && !(c === '-' && t[i + 1] === '>') && !(c === '>' && t[i - 1] === '-')) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.length > 1 ? out : [];
}

/** Factors of a top-level product `a * b * c` (none when the text is not a product). */
export function factors(t: string): string[] {
  const parts = splitTopLevel(t, '*', { literals: false, blankLast: false }).filter(Boolean);
  // `*p` dereferences and `a ** b` are not products
  return parts.length > 1 && !/^\s*\*/.test(t) ? parts : [];
}

/** Every quantity each local of `fn` is assigned, in line order (a variable assigned twice has two). */
export function localQuantities(ctx: RuleContext, fn: FunctionView, file: string): Map<string, Quantity[]> {
  const locals = new Map<string, Quantity[]>();
  const assignments = [...fn.assignments].sort((a, b) => a.line.line - b.line.line);
  for (const a of assignments) {
    if (a.operator !== '=') continue;
    const q = quantityOf(ctx, a.value, file, locals);
    if (!q) continue;
    const target = a.target.replace(/^\*/, '');
    locals.set(target, [...(locals.get(target) ?? []), q]);
  }
  return locals;
}

/** A call in `text` the model says tests `what` (`highmem`, `large`, `direct-map`). */
export function testsIn(ctx: RuleContext, text: string, file: string, what: 'highmem' | 'large' | 'direct-map'): boolean {
  return callsIn(text).some((c) => ctx.model.meaning(c.callee, c.args, file)?.entry.tests === what) || wordsIn(text).some((w) => ctx.model.bySymbol.get(w)?.tests === what);
}

/** A constant in `text` the model says is the size of one page (PAGE_SIZE), as written. */
export function pageSized(ctx: RuleContext, text: string): string | undefined {
  return wordsIn(text).find((w) => {
    const m = ctx.model.bySymbol.get(w)?.measures;
    return m?.of === 'page' && m.unit === 'bytes' && ctx.model.bySymbol.get(w)!.kind === 'macro' && !/\(/.test(text.slice(text.indexOf(w) + w.length).trimStart().slice(0, 1));
  });
}

/** `text` names a quantity of one page (PAGE_SIZE, offset_in_page()): what clamps a length to a page. */
export function pageMeasured(ctx: RuleContext, text: string): boolean {
  return wordsIn(text).some((w) => ctx.model.bySymbol.get(w)?.measures?.of === 'page');
}

export function wordsIn(text: string): string[] {
  return text.match(/[A-Za-z_]\w*/g) ?? [];
}

/** A loop over the pages of a folio or a page range: bounded by a page count of the model or a page-count variable, or a page iterator. */
export function folioPageLoop(ctx: RuleContext, loops: readonly LoopInfo[], file: string): LoopInfo | undefined {
  return loops.find((l) => {
    const text = `${l.header} ${l.bound}`;
    if (/for_each_\w*page|folio_for_each|\bnr_pages\b|\bnpages\b|\bnumpages\b|\bnr\b/.test(text)) return true;
    return callsIn(text).some((c) => {
      const m = ctx.model.meaning(c.callee, c.args, file)?.entry.measures;
      return m !== undefined && m.of !== 'page' && m.unit !== 'index';
    });
  });
}

const EXITS = new Set(['return', 'goto']);

/**
 * The function shows the folio is order-0 where `call` runs: an enclosing
 * condition that it is not large, an earlier bail-out or assertion when it
 * is, or an order-0 allocation in the function. Returns the evidence text.
 */
export function order0Proof(ctx: RuleContext, fn: FunctionView, call: CallSite, file: string): string | undefined {
  const guard = call.guards.find((g) => notLarge(ctx, g, file));
  if (guard) return guard;
  for (const s of fn.statements) {
    if (s.line.line >= call.line.line) break;
    if (s.kind !== 'if' || !large(ctx, s.text, file)) continue;
    const cond = conditionOf(s.text);
    if (fn.statements.some((t) => t.line.line > s.line.line && t.line.line < call.line.line && EXITS.has(t.kind) && t.guards[0] === cond)) return s.text.trim();
  }
  const asserted = fn.calls.find((c) => c.line.line < call.line.line && ctx.model.meaning(c.callee, c.args, file)?.role === 'assert' && large(ctx, c.args[0] ?? '', file) && !notLarge(ctx, c.args[0] ?? '', file));
  if (asserted) return asserted.text.trim();
  const alloc = order0Allocation(ctx, fn, file);
  return alloc ? alloc.text.trim() : undefined;
}

/** An allocation of order 0 in the function, by the model's allocators. */
export function order0Allocation(ctx: RuleContext, fn: FunctionView, file: string): CallSite | undefined {
  return fn.calls.find((c) => {
    const m = ctx.model.meaning(c.callee, c.args, file);
    return m !== undefined && (m.role === 'allocate' || m.role === 'acquire') && isZero(m.order);
  });
}

function conditionOf(ifText: string): string {
  const open = ifText.indexOf('(');
  const close = matchingBracket(ifText, open);
  return open >= 0 && close > open ? ifText.slice(open + 1, close).trim() : ifText;
}

/** The text says the folio is large: a `large` test, or an order/page count compared above its order-0 value. */
function large(ctx: RuleContext, text: string, file: string): boolean {
  if (testsIn(ctx, text, file, 'large')) return true;
  return callsIn(text).some((c) => {
    const m = ctx.model.meaning(c.callee, c.args, file)?.entry.measures;
    if (!m || m.of !== 'folio') return false;
    const after = text.slice(c.at + c.text.length);
    return (m.unit === 'order' && /^\s*(>|!=)\s*0\b/.test(after)) || (m.unit === 'pages' && /^\s*(>|!=)\s*1\b/.test(after));
  });
}

/** The text says the folio is order-0: a negated `large` test, order == 0, nr_pages == 1, size == PAGE_SIZE. */
function notLarge(ctx: RuleContext, text: string, file: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^!\s*\(/.test(t) && large(ctx, t.slice(1), file)) return true;
  for (const c of callsIn(t)) {
    const m = ctx.model.meaning(c.callee, c.args, file)?.entry;
    if (!m) continue;
    const before = t.slice(0, c.at);
    const after = t.slice(c.at + c.text.length);
    if (m.tests === 'large' && /!\s*$/.test(before)) return true;
    if (m.measures?.of !== 'folio') continue;
    if (m.measures.unit === 'order' && (/^\s*==\s*0\b/.test(after) || /!\s*$/.test(before))) return true;
    if (m.measures.unit === 'pages' && /^\s*==\s*1\b/.test(after)) return true;
    if (m.measures.unit === 'bytes' && /^\s*==\s*PAGE_SIZE\b/.test(after)) return true;
  }
  return false;
}

/** A call or local in the function that measures a folio's size (pages, bytes or order): the code is written for folios of any size. */
export function folioSizeUse(ctx: RuleContext, fn: FunctionView, file: string): CallSite | undefined {
  return fn.calls.find((c) => {
    const m = ctx.model.meaning(c.callee, c.args, file)?.entry.measures;
    return m?.of === 'folio' && m.unit !== 'index';
  });
}

interface Fragments {
  before: Set<string>;
  after: Set<string>;
  orphan: (p: FunctionView) => boolean;
  post: FunctionView[];
}
// Rules ask for every function of a view: the view's sets are built once, not once per function.
const FRAGMENTS = new WeakMap<FileView, Fragments>();

function fragmentsOf(view: FileView): Fragments {
  let f = FRAGMENTS.get(view);
  if (!f) {
    const signed = new Set(view.post.filter((p) => p.params.length > 0).map((p) => p.name));
    const before = new Set(view.pre.map((p) => p.name));
    const orphan = (p: FunctionView): boolean => p.params.length === 0 && !signed.has(p.name) && before.has(p.name);
    f = { before, after: new Set(view.post.map((p) => p.name)), orphan, post: [...view.post].sort((a, b) => a.startLine - b.startLine) };
    FRAGMENTS.set(view, f);
  }
  return f;
}

/**
 * The whole of a function a patch renames and touches in several hunks: git
 * names the later hunks by the function's old name, so the code view holds
 * them as separate fragments (`fuse_copy_page` pieces after
 * `fuse_copy_folio`). A fragment named after a pre-image function that no
 * post-image function with a seen signature carries belongs to the renamed
 * function before it. Returns `fn` joined with its pieces (or itself).
 */
export function joinedFunction(view: FileView, fn: FunctionView): FunctionView {
  const { before, orphan, post } = fragmentsOf(view);
  let owner = fn;
  if (orphan(fn)) {
    const prior = post.filter((p) => p.startLine < fn.startLine && !orphan(p));
    const candidate = prior[prior.length - 1];
    if (!candidate || before.has(candidate.name)) return fn;
    owner = candidate;
  } else if (before.has(fn.name)) return fn;
  const pieces: FunctionView[] = [owner];
  for (const p of post) {
    if (p.startLine <= owner.startLine) continue;
    if (!orphan(p)) break;
    pieces.push(p);
  }
  if (pieces.length === 1) return fn;
  const joined: FunctionView = { ...owner, complete: false, endLine: pieces[pieces.length - 1]!.endLine, statements: [], calls: [], assignments: [], comments: [], labels: [] };
  for (const p of pieces) {
    const base = joined.statements.length;
    joined.statements.push(...p.statements);
    joined.calls.push(...p.calls.map((c) => ({ ...c, statement: c.statement + base })));
    joined.assignments.push(...p.assignments.map((a) => ({ ...a, statement: a.statement + base })));
    joined.comments.push(...p.comments);
    joined.labels.push(...p.labels);
  }
  return joined;
}

/**
 * A fragment of a function the patch renames, when git named the fragment's
 * hunk after the old name and gave it the old signature's parameters (so
 * joinedFunction() takes it for a function of its own): the renamed
 * definition that precedes it (a post-image name the pre-image lacks), with
 * every fragment of the old name in between, joined. Returns `fn` when it is
 * not such a fragment.
 */
export function withRenamedOwner(view: FileView, fn: FunctionView): FunctionView {
  const { before, after, post } = fragmentsOf(view);
  if (fn.complete || !before.has(fn.name)) return fn;
  const at = post.indexOf(fn);
  let i = at - 1;
  while (i >= 0 && post[i]!.name === fn.name && !post[i]!.complete) i--;
  const owner = post[i];
  // The owner is a new name in the post image: the old one's signature line was rewritten to it.
  if (!owner || before.has(owner.name) || !after.has(owner.name) || owner.params.length === 0) return fn;
  if (!view.pre.some((p) => p.name === fn.name && p.params.length > 0 && Math.abs(p.startLine - owner.startLine) <= 3)) return fn;
  return joinPieces(post.slice(i, at + 1));
}
