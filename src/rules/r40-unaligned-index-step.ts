import type { Assignment, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { bare, callsIn, isFolioName, joinedFunction, localQuantities, locateCode, postFunctions, quantityOf, type Quantity } from './lib/index.js';

/** Top-level `a + b` (exactly two operands), or undefined. */
function sum(text: string): [string, string] | undefined {
  const t = bare(text);
  let depth = 0;
  let at = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === '+' && t[i + 1] !== '+' && t[i - 1] !== '+') {
      if (at >= 0) return undefined;
      at = i;
    } else if (depth === 0 && /[-?:*/<>|&]/.test(c!) && !(c === '-' && t[i + 1] === '>') && !(c === '>' && t[i - 1] === '-')) return undefined;
  }
  return at > 0 ? [t.slice(0, at).trim(), t.slice(at + 1).trim()] : undefined;
}

/** The base is a folio's own (aligned) index, or is rounded down (the model's alignment macros, or masked with `& ~(n - 1)`), itself or where it was assigned. */
function alignedBase(ctx: RuleContext, fn: FunctionView, base: string, file: string, seen = new Set<string>()): boolean {
  const b = bare(base);
  if (/&\s*~/.test(b)) return true;
  const field = /^([A-Za-z_][\w.>-]*?)\s*->\s*index$/.exec(b);
  if (field && isFolioName(fn, field[1]!)) return true;
  const q = quantityOf(ctx, b, file);
  if (q?.unit === 'index' && q.of === 'folio') return true;
  const c = callsIn(b)[0];
  if (c !== undefined && c.at === 0 && c.text.length === b.length && ctx.model.meaning(c.callee, c.args, file)?.entry.aligns === 'down') return true;
  if (!/^[A-Za-z_]\w*$/.test(b) || seen.has(b)) return false;
  seen.add(b);
  const sources = fn.assignments.filter((a) => a.target === b && a.operator === '=');
  return sources.length > 0 && sources.every((a) => alignedBase(ctx, fn, a.value, file, seen));
}

/**
 * The quantity of `n` that is the page count of a multi-index xarray entry
 * (1 << xa_get_order()): where a lookup may land inside the entry. A folio
 * reached from its own index or pfn is aligned already, so a folio's page
 * count alone is not evidence.
 */
function entryPages(ctx: RuleContext, n: string, file: string, locals: ReadonlyMap<string, Quantity[]>): Quantity | undefined {
  const word = bare(n);
  const all = [...(locals.get(word) ?? []), ...[quantityOf(ctx, word, file, locals)].filter((q): q is Quantity => q !== undefined)];
  return all.find((q) => q.unit === 'pages' && q.of === 'entry');
}

/** The added line that gave `name` its entry-sized value, for reporting when the step itself is an unchanged line. */
function addedSource(fn: FunctionView, name: string, q: Quantity): Assignment | undefined {
  return fn.assignments.find((a) => a.line.kind === 'add' && a.target === name && a.value.replace(/\s+/g, '') === q.from.replace(/\s+/g, ''));
}

/**
 * A page-cache index stepped past a large folio or multi-index entry from an
 * index that need not be its first (FO-12): `next = indices[i] + nr` where
 * nr is the entry's page count (1 << xa_get_order(), folio_nr_pages()). A
 * lookup that lands inside a multi-index entry keeps its own index, so the
 * step lands inside the next entry or skips part of it; the aligned form is
 * round_down(index, nr) + nr or folio_next_index(). Also an index advanced
 * by a window rounded to the mapping's minimum folio size while the folio in
 * hand may be larger. Warnings: the input shows the arithmetic, not the
 * indices that reach it.
 */
export const rule: Rule = {
  meta: {
    id: 'R40',
    name: 'unaligned-index-step',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio'],
    summary: 'A page-cache index is advanced by a large entry\'s page count from an index not aligned to that entry, or by an amount rounded to the mapping\'s minimum folio size while the folio may be larger.',
    fix: 'Step from the entry\'s aligned start: round_down(index, nr) + nr, or folio_next_index(folio); advance by the whole window and round the next size instead of the start.',
    refs: ['FO-12', 'FO-13', 'FO-07', 'lore:d3dc75e2-40a7-8439-734c-19d83707164c@google.com', 'lore:ZcvtUOecezQD7Mm6@dread.disaster.area'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      const file = view.file;
      const fn = joinedFunction(view, piece);
      const locals = localQuantities(ctx, fn, file);
      const folioOrder = [...locals.values()].flat().find((q) => q.of === 'folio' && (q.unit === 'order' || q.unit === 'pages'));
      // A returned `base + nr` is a step too.
      const returned: Assignment[] = piece.statements.filter((st) => st.kind === 'return' && st.target).map((st, i) => ({ target: 'the returned index', operator: '=', value: st.target!, line: st.line, statement: i }));
      for (const a of [...piece.assignments, ...returned]) {
        // (a) base + an entry's page count, the base not aligned to the entry
        const parts = a.operator === '=' ? sum(a.value) : undefined;
        if (parts) {
          for (const [base, n] of [parts, [parts[1], parts[0]]] as const) {
            const q = entryPages(ctx, n, file, locals);
            if (!q || alignedBase(ctx, fn, base, file) || /^\d+$/.test(base.trim())) continue;
            const source = a.line.kind === 'add' ? undefined : addedSource(fn, bare(n), q);
            if (a.line.kind !== 'add' && !source) continue;
            out.push({
              location: locateCode(patch, file, (source ?? a).line, piece.name),
              message: `${a.target === 'the returned index' ? `return ${a.value}` : `${a.target} = ${a.value}`} steps past a multi-index entry of ${bare(n)} pages (${q.from}) from ${base}, which need not be its first index — a lookup inside a multi-index entry keeps its own index: step from the aligned start, round_down(${base}, ${bare(n)}) + ${bare(n)}, or folio_next_index().`,
              evidence: source ? [locateCode(patch, file, a.line, piece.name)] : [],
            });
            break;
          }
        }
        // (b) an index advanced by a window rounded to the mapping's minimum folio size
        if (a.line.kind !== 'add' || !folioOrder) continue;
        const advanced = a.operator === '+=' ? a.value : a.operator === '=' ? sumWith(a.target, a.value) : undefined;
        const round = advanced !== undefined ? callsIn(advanced).find((c) => c.at === 0 && c.text.length === bare(advanced).length && ctx.model.meaning(c.callee, c.args, file)?.entry.aligns === 'down') : undefined;
        const unit = round ? round.args.slice(1).map((x) => quantityOf(ctx, x, file, locals)).find((q) => q?.of === 'mapping-min') : undefined;
        if (!round || !unit) continue;
        out.push({
          location: locateCode(patch, file, a.line, piece.name),
          message: `${a.target} is advanced by ${round.text}, a window rounded to the mapping's minimum folio size (${unit.from}), but the folio here may be larger (${folioOrder.from}): the next index no longer follows the window; advance by the whole window and round the next size instead.`,
        });
      }
    }
    return out;
  },
};

/** For `t = t + x`, the `x`. */
function sumWith(target: string, value: string): string | undefined {
  const parts = sum(value);
  if (!parts) return undefined;
  if (parts[0].replace(/\s+/g, '') === target.replace(/\s+/g, '')) return parts[1];
  if (parts[1].replace(/\s+/g, '') === target.replace(/\s+/g, '')) return parts[0];
  return undefined;
}


