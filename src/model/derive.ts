import type { CallSite, FunctionView } from '../code/index.js';
import type { ArgRoles, CallMeaning, Model, ModelEntry, Role } from './types.js';
import { flushesKernelEverywhere, isKernelFlush } from './query.js';

/** Roles a helper inherits from the model primitive it calls (issue 10 §1). */
const INHERITED: ReadonlySet<Role> = new Set(['remove', 'restore', 'protect', 'decrypt', 'encrypt', 'pin']);
const PAGE_COUNT = /folio_nr_pages|nr_pages|npages|\bnr\b|folio_size|folio_order|PAGE_SIZE\s*<</;

/** A function of the series (or, with --tree, of the touched files) and where it is defined. */
export interface DefinedFunction {
  fn: FunctionView;
  file: string;
  /** The patch that defines it (0 for tree context). */
  patchIndex: number;
}

/**
 * Model entries for the helpers a series defines around model primitives: a
 * `kvm_gmem_zap_direct_map()` written in patch 2 is a removal wherever patch 5
 * calls it, with the granularity, flushing and failure of what it wraps. A
 * helper that both removes and restores (a toggle) or whose role depends on
 * its own arguments gets no entry: its callers cannot be read without it.
 * Wrappers of wrappers are found by iterating until nothing changes.
 */
export function deriveEntries(model: Model, functions: readonly DefinedFunction[]): ModelEntry[] {
  // The latest definition of a name wins (a later patch rewrites an earlier helper).
  const byName = new Map<string, DefinedFunction>();
  for (const d of functions) if (!model.bySymbol.has(d.fn.name) && d.fn.side === 'post') byName.set(d.fn.name, d);
  const derived = new Map<string, ModelEntry>();
  let current = model;
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const [name, d] of byName) {
      if (derived.has(name)) continue;
      const entry = wrapperEntry(current, d);
      if (!entry) continue;
      derived.set(name, entry);
      changed = true;
    }
    if (!changed) break;
    current = model.extend([...derived.values()]);
  }
  return [...derived.values()];
}

function wrapperEntry(model: Model, d: DefinedFunction): ModelEntry | undefined {
  const { fn, file } = d;
  const meant = fn.calls
    .filter((c) => c.callee !== fn.name)
    .map((call) => ({ call, m: model.meaning(call.callee, call.args, file) }))
    .filter((x): x is { call: CallSite; m: CallMeaning } => x.m !== undefined);
  const primaries = unwound(fn, meant.filter((x) => INHERITED.has(x.m.role)));
  const roles = new Set(primaries.map((x) => x.m.role));
  const source = `series:patch ${d.patchIndex} ${file}`;
  if (roles.size === 0) {
    // A helper around a kernel TLB flush is a flush of the same reach.
    const flush = meant.find((x) => isKernelFlush(x.m));
    if (!flush || meant.some((x) => x !== flush && x.m.role !== 'flush' && x.m.concept !== 'kernel')) return undefined;
    return {
      symbol: fn.name,
      kind: 'function',
      concept: 'tlb',
      role: 'flush',
      semantics: `helper defined in the series around ${flush.call.callee}()`,
      status: { kind: 'local', where: source.replace(/^series:/, '') },
      source,
      facts: flush.m.entry.facts,
      granularity: flush.m.granularity,
      flushes: { '*': true },
      flushScope: flush.m.flushScope,
      flushTarget: flush.m.flushTarget,
      derivedFrom: flush.call.callee,
    };
  }
  if (roles.size > 1) return undefined;
  const role = [...roles][0]!;
  const first = primaries[0]!;
  // The role must not hang on this helper's own parameters (a `valid` flag passed through).
  const valid = first.m.entry.args?.valid;
  if (valid !== undefined && !/^(true|false|0|1)$/.test((first.call.args[valid] ?? '').trim())) return undefined;
  const last = primaries[primaries.length - 1]!;
  const flushedAfter = meant.some((x) => x.call.line.line >= last.call.line.line && x.m.role === 'flush' && flushesKernelEverywhere(x.m));
  const folioParam = fn.params.find((p) => /\bstruct\s+folio\s*\*/.test(p));
  const pageParam = fn.params.findIndex((p) => /\bstruct\s+page\s*\*/.test(p));
  const covers = primaries.some((x) => x.m.granularity === 'folio' || (x.m.count !== undefined && PAGE_COUNT.test(x.m.count)) || x.call.loops.some((l) => PAGE_COUNT.test(l.bound) || PAGE_COUNT.test(l.header)));
  const granularity: ModelEntry['granularity'] = covers ? (folioParam ? 'folio' : 'nr-pages') : first.m.granularity;
  const returned = fn.statements.some((s) => s.kind === 'return' && s.target !== undefined && primaries.some((x) => (s.target!.includes(x.call.callee) || (x.call.assignedTo !== undefined && new RegExp(`\\b${escape(x.call.assignedTo)}\\b`).test(s.target!)))));
  const entry: ModelEntry = {
    symbol: fn.name,
    kind: 'function',
    concept: first.m.concept,
    role,
    semantics: `helper defined in the series around ${first.call.callee}()`,
    status: { kind: 'local', where: source.replace(/^series:/, '') },
    source,
    facts: first.m.entry.facts,
    granularity,
    flushes: flushedAfter ? { '*': true } : (first.m.entry.flushes ?? { '*': false }),
    mayFail: returned && primaries.some((x) => x.m.mayFail),
    derivedFrom: first.call.callee,
  };
  if (first.m.entry.noopWithout) entry.noopWithout = first.m.entry.noopWithout;
  if (primaries.every((x) => x.m.entry.debugOnly)) entry.debugOnly = true;
  if (granularity === 'page' && pageParam >= 0) entry.args = { page: pageParam };
  const passed = passedArgs(first.m.entry.args, first.call.args, fn.params);
  if (passed) entry.args = { ...passed, ...entry.args };
  return entry;
}

/**
 * The argument meanings a wrapper hands straight through: `free_x(unsigned
 * long addr, int order)` calling `set_memory_encrypted(addr, 1 << order)`
 * takes an address as its first argument, so callers' arguments read as the
 * primitive's do.
 */
function passedArgs(roles: ArgRoles | undefined, args: readonly string[], params: readonly string[]): ArgRoles | undefined {
  if (!roles) return undefined;
  const names = params.map((p) => /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$/.exec(p)?.[1]);
  const out: ArgRoles = {};
  for (const [key, index] of Object.entries(roles) as [keyof ArgRoles, number][]) {
    const at = names.indexOf((args[index] ?? '').trim());
    if (at >= 0) out[key] = at;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * A removal helper that puts back what it removed when a later step fails
 * is still a removal: restores that run only on its error path (after an
 * error label the success path returns before, or under a test of a
 * removal's result) are dropped from the roles it is read by.
 */
function unwound(fn: FunctionView, primaries: { call: CallSite; m: CallMeaning }[]): { call: CallSite; m: CallMeaning }[] {
  const removes = primaries.filter((x) => x.m.role === 'remove');
  const restores = primaries.filter((x) => x.m.role === 'restore');
  if (removes.length === 0 || restores.length === 0) return primaries;
  const label = fn.statements.find((s) => s.kind === 'label');
  const returnsFirst = label !== undefined && fn.statements.some((s) => s.kind === 'return' && s.line.line < label.line.line);
  const results = removes.map((x) => x.call.assignedTo).filter((v): v is string => v !== undefined && /^\w+$/.test(v));
  const onError = (x: { call: CallSite }): boolean =>
    (returnsFirst && x.call.line.line > label!.line.line && removes.every((r) => r.call.line.line < label!.line.line)) ||
    x.call.guards.some((g) => results.some((v) => new RegExp(`\\b${v}\\b`).test(g)));
  return restores.every(onError) ? primaries.filter((x) => x.m.role !== 'restore') : primaries;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
