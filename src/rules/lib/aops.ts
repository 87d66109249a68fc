import type { FunctionView } from '../../code/index.js';
import type { ModelEntry } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { patchLines } from './locate.js';

/** Where a function is installed as an address_space operation. */
export interface AopBinding {
  /** The operation, e.g. `free_folio`. */
  op: string;
  /** The initialiser, when known (`kvm_gmem_aops`). */
  variable?: string;
  file: string;
  /** The `#if` condition the field sits under, if any. */
  guard?: string;
  /** `series`: an initialiser the series shows; `base`: the base kernel's (model.base), which the series did not change. */
  from: 'series' | 'base';
  /** For base bindings: the calls the function's base body makes (what runs when the series leaves it alone). */
  calls?: { callee: string; args: string[] }[];
}

const FIELD = /^\s*\.(\w+)\s*=\s*&?\s*([A-Za-z_]\w*)\s*,?\s*(?:\/\*.*)?$/;

/**
 * Function → the operation it is installed as: from struct initialisers in
 * the series (`.invalidate_folio = kvm_gmem_invalidate_folio`), then from the
 * base kernel's facts for functions the series does not bind (issue 10 §2: a
 * restore added to the function 6.12 already installs as guest_memfd's
 * .free_folio is in free_folio, though the initialiser is not in the hunk).
 * A base binding the series deletes is gone.
 */
export function aopBindings(ctx: RuleContext): Map<string, AopBinding> {
  const bound = new Map<string, AopBinding>();
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const init of view.initializers) {
        for (const f of init.fields) {
          const fn = f.value.replace(/^&/, '').trim();
          if (!/^[A-Za-z_]\w*$/.test(fn)) continue;
          const b: AopBinding = { op: f.field.replace(/^\./, ''), variable: init.name, file: view.file, from: 'series' };
          if (f.guardedBy) b.guard = f.guardedBy;
          bound.set(fn, b);
        }
      }
    }
  }
  const base = ctx.model.base;
  if (!base) return bound;
  const removed = new Set<string>();
  for (const patch of ctx.series.patches) {
    for (const pl of patchLines(patch)) {
      const m = pl.line.kind === 'del' ? FIELD.exec(pl.line.text) : undefined;
      if (m) removed.add(`${pl.file.path}:${m[1]}:${m[2]}`);
    }
  }
  for (const a of base.aops) {
    for (const [op, fn] of Object.entries(a.ops)) {
      if (bound.has(fn) || removed.has(`${a.file}:${op}:${fn}`)) continue;
      const b: AopBinding = { op, variable: a.variable, file: a.file, from: 'base' };
      if (a.guards[op]) b.guard = a.guards[op];
      if (a.calls?.[fn]) b.calls = a.calls[fn];
      bound.set(fn, b);
    }
  }
  return bound;
}

/** Function → operation, the series' initialisers and the base's (aopBindings). */
export function boundAops(ctx: RuleContext): Map<string, string> {
  return new Map([...aopBindings(ctx)].map(([fn, b]) => [fn, b.op]));
}

/**
 * The operations every folio passes through before it is freed (free_folio;
 * freepage before it), or, with `every: false`, those only some folios reach
 * (invalidate_folio, release_folio): the model's aop entries say which (DM-13).
 */
export function aopsSeeing(ctx: RuleContext, every: boolean): Set<string> {
  return new Set(ctx.model.entries.filter((e) => e.kind === 'aop' && e.everyFolio === every).map((e) => e.symbol));
}

/**
 * The address_space operation a function implements: installed as one in the
 * series, or named after one the model knows (`kvm_gmem_invalidate_folio`),
 * with that operation's model entry.
 */
// aopOf() runs for every function of a patch: the model's few aop entries are picked out once per model.
const AOPS = new WeakMap<readonly ModelEntry[], ModelEntry[]>();
function aopEntries(model: RuleContext['model']): ModelEntry[] {
  let list = AOPS.get(model.entries);
  if (!list) AOPS.set(model.entries, (list = model.entries.filter((e) => e.kind === 'aop')));
  return list;
}

export function aopOf(ctx: RuleContext, bound: ReadonlyMap<string, string>, fn: FunctionView): ModelEntry | undefined {
  const op = bound.get(fn.name);
  if (op) return ctx.model.bySymbol.get(op)?.kind === 'aop' ? ctx.model.bySymbol.get(op) : undefined;
  // By name only when the signature is unseen or has the operation's shape: filemap_free_folio(mapping, folio) calls ->free_folio, it is not one.
  return aopEntries(ctx.model).find((e) => fn.name.endsWith(`_${e.symbol}`) && (fn.params.length === 0 || e.args === undefined || fn.params.length === Object.keys(e.args).length));
}
