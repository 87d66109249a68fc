import type { RuleContext } from '../types.js';

/**
 * Function name → the address_space / file operation it is installed as,
 * from struct initialisers in the series (`.invalidate_folio = kvm_gmem_invalidate_folio`).
 */
export function boundAops(ctx: RuleContext): Map<string, string> {
  const bound = new Map<string, string>();
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const init of view.initializers) {
        for (const f of init.fields) {
          const fn = f.value.replace(/^&/, '').trim();
          if (/^[A-Za-z_]\w*$/.test(fn)) bound.set(fn, f.field.replace(/^\./, ''));
        }
      }
    }
  }
  return bound;
}
