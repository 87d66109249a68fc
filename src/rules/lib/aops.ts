import type { FunctionView } from '../../code/index.js';
import type { ModelEntry } from '../../model/index.js';
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

/**
 * The address_space operation a function implements: installed as one in the
 * series, or named after one the model knows (`kvm_gmem_invalidate_folio`),
 * with that operation's model entry.
 */
export function aopOf(ctx: RuleContext, bound: ReadonlyMap<string, string>, fn: FunctionView): ModelEntry | undefined {
  const op = bound.get(fn.name);
  if (op) return ctx.model.bySymbol.get(op)?.kind === 'aop' ? ctx.model.bySymbol.get(op) : undefined;
  // By name only when the signature is unseen or has the operation's shape: filemap_free_folio(mapping, folio) calls ->free_folio, it is not one.
  return ctx.model.entries.find((e) => e.kind === 'aop' && fn.name.endsWith(`_${e.symbol}`) && (fn.params.length === 0 || e.args === undefined || fn.params.length === Object.keys(e.args).length));
}
