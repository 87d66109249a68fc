import type { CallSite, FunctionView } from '../../code/index.js';
import type { CallMeaning } from '../../model/index.js';
import { flushesKernelEverywhere } from '../../model/index.js';
import type { RuleContext } from '../types.js';

/** What the model says a call in `file` does (the series' own wrappers included). */
export function meaningOf(ctx: RuleContext, call: CallSite, file: string): CallMeaning | undefined {
  return ctx.model.meaning(call.callee, call.args, file);
}

/** The call takes memory out of the kernel direct map (DM-02, DM-03), for protection: debug_pagealloc is not. */
export function isZapCall(ctx: RuleContext, call: CallSite, file: string): boolean {
  const m = meaningOf(ctx, call, file);
  return m?.role === 'remove' && m.concept === 'direct-map' && !m.entry.debugOnly;
}

/**
 * A removal of pages (not of a kernel VA range): what the folio lifecycle
 * rules track from removal to the restore on free. set_memory_np() on an
 * address range is a mapping change of other code (CPA users, CoCo).
 */
export function isPageZapCall(ctx: RuleContext, call: CallSite, file: string): boolean {
  return isZapCall(ctx, call, file) && meaningOf(ctx, call, file)!.granularity !== 'range';
}

/** The call puts direct-map entries back. */
export function isRestoreCall(ctx: RuleContext, call: CallSite, file: string): boolean {
  return restoresDirectMap(ctx, call.callee, call.args, file);
}

/** A call, by callee and argument texts (a CallSite or a base fact's call), that puts direct-map entries back. */
export function restoresDirectMap(ctx: RuleContext, callee: string, args: readonly string[], file: string): boolean {
  const m = ctx.model.meaning(callee, args, file);
  return m?.role === 'restore' && m.concept === 'direct-map' && !m.entry.debugOnly;
}

/** The call flushes stale kernel translations on every CPU, itself or as a flush. */
export function flushesEverywhere(ctx: RuleContext, call: CallSite, file: string): boolean {
  return flushesKernelEverywhere(meaningOf(ctx, call, file));
}

/**
 * The function is itself a direct-map primitive (an arch's
 * set_direct_map_*_noflush(), __kernel_map_pages …): its contract is
 * documented by the model, so the lifecycle rules do not apply to its body.
 */
export function isPrimitiveDefinition(fn: FunctionView, ctx: RuleContext): boolean {
  const entry = ctx.model.bySymbol.get(fn.name);
  return entry !== undefined && entry.derivedFrom === undefined && (entry.concept === 'direct-map' || entry.concept === 'set-memory') && entry.kind === 'function';
}
