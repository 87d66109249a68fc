import type { CallSite, FunctionView } from '../code/index.js';
import type { CallMeaning } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, isZero, joinedFunction, meaningOf, postFunctions, quantityOf, wordsIn } from './lib/index.js';

const isAllocation = (m: CallMeaning | undefined): m is CallMeaning => m !== undefined && (m.role === 'allocate' || m.role === 'acquire') && m.order !== undefined;

/** The pre-image of the function (same name, or the post name's old piece) allocated order 0 with the same allocator. */
function wasOrder0(ctx: RuleContext, pre: readonly FunctionView[], fn: FunctionView, call: CallSite, file: string): CallSite | undefined {
  for (const p of pre) {
    if (p.name !== fn.name) continue;
    const old = p.calls.find((c) => c.callee === call.callee && c.line.kind === 'del' && isZero(meaningOf(ctx, c, file)?.order));
    if (old) return old;
  }
  return undefined;
}

/** Whether the function makes the attempt cheap to fail: a GFP flag the model marks opportunistic, in the call or on the flags variable. */
function opportunistic(ctx: RuleContext, fn: FunctionView, flags: string): boolean {
  const gfp = (text: string) => wordsIn(text).some((w) => ctx.model.bySymbol.get(w)?.gfp === 'opportunistic');
  if (gfp(flags)) return true;
  const name = flags.trim();
  return /^[A-Za-z_]\w*$/.test(name) && fn.assignments.some((a) => a.target === name && gfp(a.value));
}

/** A smaller-order retry after the allocation: another allocation of order 0, or the order variable lowered. */
function fallback(ctx: RuleContext, fn: FunctionView, call: CallSite, order: string, file: string): boolean {
  if (fn.calls.some((c) => c !== call && c.line.line > call.line.line && isAllocation(meaningOf(ctx, c, file)) && isZero(meaningOf(ctx, c, file)!.order))) return true;
  const name = order.trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const lowered = new RegExp(`\\b${name}\\s*--|--\\s*${name}\\b|\\b${name}\\s*=\\s*0\\b|\\b${name}\\s*-=`);
  return fn.statements.some((s) => lowered.test(s.text)) || fn.calls.some((c) => c.loops.some((l) => lowered.test(l.header)));
}

/**
 * An order-0 allocation turned into a possibly large one (FO-14): the order
 * now comes from a folio or a variable, but the flags are still the ones
 * prepared for one page and nothing falls back to order 0 when the large
 * attempt fails. The large attempt then reclaims and warns like a must-have
 * allocation and fails the operation where a page would have done.
 */
export const rule: Rule = {
  meta: {
    id: 'R41',
    name: 'large-order-without-fallback',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio'],
    summary: 'An order-0 allocation is changed to a possibly large order with the same GFP flags and no fallback to order 0 when the large attempt fails.',
    fix: 'For order > 0 add __GFP_NORETRY | __GFP_NOWARN (or the mapping\'s large-folio gfp limits) and retry with order 0 when the large allocation fails, as __filemap_get_folio() does.',
    refs: ['FO-14', 'lore:ab9070f8-a949-2fb0-5f7b-e392f3242928@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn: piece } of postFunctions(ctx)) {
      const file = view.file;
      const fn = joinedFunction(view, piece);
      for (const call of piece.calls) {
        if (call.line.kind !== 'add') continue;
        const m = meaningOf(ctx, call, file);
        if (!isAllocation(m) || isZero(m.order) || /^\d+$/.test(m.order!.trim())) continue;
        // The mapping's minimum order is a requirement (block size above page size): there is no smaller order to fall back to.
        if (quantityOf(ctx, m.order!, file)?.of === 'mapping-min') continue;
        const old = wasOrder0(ctx, view.pre, piece, call, file);
        if (!old) continue;
        const cheap = m.flags !== undefined && opportunistic(ctx, fn, m.flags);
        const retry = fallback(ctx, fn, call, m.order!, file);
        if (cheap && retry) continue;
        const missing = [cheap ? '' : `the flags (${m.flags?.trim() ?? 'gfp'}) are still those of the order-0 allocation it replaces`, retry ? '' : 'nothing falls back to order 0 when it fails'].filter(Boolean).join(', and ');
        out.push({
          location: callLocation({ patch, view, fn: piece, call }),
          message: `${call.callee}() now allocates order ${m.order!.trim()} where it allocated order 0, but ${missing}: a large attempt should be allowed to fail quietly (__GFP_NORETRY | __GFP_NOWARN) and retried at order 0.`,
          evidence: [],
        });
      }
    }
    return out;
  },
};
