import type { CallSite, FunctionView } from '../../code/index.js';
import type { RuleContext } from '../types.js';

/** Calls that make direct-map entries invalid (DM-02, DM-03). */
export function isZapCall(call: CallSite): boolean {
  switch (call.callee) {
    case 'set_direct_map_invalid_noflush':
    case '__set_pages_np':
    case 'folio_zap_direct_map':
      return true;
    case 'set_direct_map_valid_noflush':
      return /^(false|0)$/.test((call.args[2] ?? '').trim());
    default:
      return false;
  }
}

/** Calls that put direct-map entries back. */
export function isRestoreCall(call: CallSite): boolean {
  switch (call.callee) {
    case 'set_direct_map_default_noflush':
    case '__set_pages_p':
    case 'folio_restore_direct_map':
      return true;
    case 'set_direct_map_valid_noflush':
      return /^(true|1)$/.test((call.args[2] ?? '').trim());
    default:
      return false;
  }
}

/** Zap calls that flush the TLB themselves (folio_zap_direct_map does, MODEL.md DM-07). */
export function zapFlushesItself(call: CallSite): boolean {
  return call.callee === 'folio_zap_direct_map';
}

/** On arm64 and s390 the valid_noflush primitives already flush (MODEL.md R03 arch nuance). */
export function archFlushesOnZap(file: string): boolean {
  return /^arch\/(arm64|s390)\//.test(file);
}

/**
 * The function is itself a direct-map primitive (set_direct_map_*_noflush,
 * __kernel_map_pages, …): its contract is documented by the model, so the
 * lifecycle rules do not apply to its body.
 */
export function isPrimitiveDefinition(fn: FunctionView, ctx: RuleContext): boolean {
  if (/_noflush$|^__?kernel_map_pages$|^__set_pages_n?p$|^set_pages_n?p$|^set_memory_n?p$/.test(fn.name)) return true;
  const entry = ctx.model.bySymbol.get(fn.name);
  return entry?.concept === 'direct-map' && entry.kind === 'function';
}
