import type { CallSite } from '../../code/index.js';

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
