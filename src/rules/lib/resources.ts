import type { CallSite, FunctionView } from '../../code/index.js';
import type { RuleContext } from '../types.js';
import { postFunctions } from './code.js';
import { meaningOf } from './direct-map.js';
import { enclosesStatement, pathFrom, labelIndex, testOf, resultKind, warnAssertions, mentionsName } from './flow.js';

/** A resource taken in a function (model role `acquire`) and how it is named when given back. */
export interface Held {
  call: CallSite;
  /** The text a release names it by: the variable the acquire returned into, or its first argument (`&kvm->lock`). */
  key: string;
  /** The calls that give it back (the model's `pair`). */
  pair: ReadonlySet<string>;
  /** Memory can change owner by being passed to a call (the model's `handover`). */
  handover: boolean;
}

const norm = (s: string): string => s.replace(/\s+/g, '');

/** One release a helper makes on one of its parameters: `list_del(&msg->node)` in `free_msg(msg)`. */
export interface HelperRelease {
  index: number;
  param: string;
  callee: string;
  /** The released argument as the helper writes it, in terms of `param`. */
  template: string;
}

/**
 * Helpers the series defines that give back what a parameter holds: a
 * `foo_free(obj)` whose body kfree()s `obj` or list_del()s `&obj->node`.
 * Acquire/release roles are not inherited by the model's wrapper derivation
 * (a helper often does more than release), so the error-path rules read
 * them here, parameter by parameter.
 */
export function releasingHelpers(ctx: RuleContext): Map<string, HelperRelease[]> {
  const out = new Map<string, HelperRelease[]>();
  for (const { fn } of postFunctions(ctx)) {
    const names = fn.params.map((p) => /([A-Za-z_]\w*)\s*(?:\[\s*\])?$/.exec(p.trim())?.[1] ?? '');
    for (const c of fn.calls) {
      const m = meaningOf(ctx, c, fn.file);
      if (m?.role !== 'release') continue;
      const template = norm(c.args[0] ?? '');
      // A helper that takes and gives back the same thing (lock … unlock) leaves its caller as it found it.
      if (fn.calls.some((a) => norm(a.args[0] ?? '') === template && (m.entry.pair ?? []).includes(a.callee))) continue;
      const index = names.findIndex((n) => n !== '' && (template === n || new RegExp(`^&?\\(?${n}(?:->|\\.)`).test(template)));
      if (index < 0) continue;
      const list = out.get(fn.name) ?? [];
      list.push({ index, param: names[index]!, callee: c.callee, template });
      out.set(fn.name, list);
    }
  }
  return out;
}

/** What `call` gives back: the keys it releases and through which release (a helper may release several). */
export function releasedBy(ctx: RuleContext, call: CallSite, file: string, helpers: ReturnType<typeof releasingHelpers>): { key: string; releases: Set<string> }[] {
  const m = meaningOf(ctx, call, file);
  if (m?.role === 'release') return [{ key: norm(call.args[0] ?? ''), releases: new Set([call.callee]) }];
  const out: { key: string; releases: Set<string> }[] = [];
  for (const h of helpers.get(call.callee) ?? []) {
    const arg = call.args[h.index];
    if (arg === undefined) continue;
    const a = norm(arg);
    const key = h.template === h.param ? a : h.template.replace(new RegExp(`(?<![\\w.>])${h.param}(?!\\w)`), /^[\w.]+$/.test(a) ? a : `(${a})`);
    out.push({ key, releases: new Set([h.callee]) });
  }
  return out;
}

/** `call` releases `held`. */
export function releases(ctx: RuleContext, call: CallSite, file: string, held: Held, helpers: ReturnType<typeof releasingHelpers>): boolean {
  return releasedBy(ctx, call, file, helpers).some((r) => r.key === held.key && [...r.releases].some((x) => held.pair.has(x)));
}

/** A release that gives memory back to an allocator (its acquires hand memory over), not a lock or a list link. */
export function freesMemory(ctx: RuleContext, release: string): boolean {
  return (ctx.model.bySymbol.get(release)?.pair ?? []).some((a) => ctx.model.bySymbol.get(a)?.handover === true);
}

/**
 * The resources a function takes: every model `acquire` call, keyed by what
 * its releases in the same function name (the returned variable for fget()
 * and kmalloc(), the first argument for locks and get-style references). An
 * acquire the function never releases anywhere gives no key: nothing in the
 * function says how it is given back.
 */
export function heldResources(ctx: RuleContext, fn: FunctionView, helpers: ReturnType<typeof releasingHelpers>): Held[] {
  const out: Held[] = [];
  for (const c of fn.calls) {
    const m = meaningOf(ctx, c, fn.file);
    if (m?.role !== 'acquire' || !m.entry.pair?.length) continue;
    const pair = new Set(m.entry.pair);
    const keys = [c.assignedTo, c.args[0]].filter((k): k is string => k !== undefined && k.trim() !== '').map(norm);
    const key = keys.find((k) => fn.calls.some((r) => releasedBy(ctx, r, fn.file, helpers).some((x) => x.key === k && [...x.releases].some((n) => pair.has(n)))));
    if (key) out.push({ call: c, key, pair, handover: m.entry.handover === true });
  }
  return out;
}

/**
 * `held` is still held at statement `at`: taken on every path to it (its
 * statement encloses `at`'s), not tested as failed by `at`'s conditions, and
 * not released on the way at an enclosing level.
 */
export function stillHeld(ctx: RuleContext, fn: FunctionView, held: Held, at: number, helpers: ReturnType<typeof releasingHelpers>): boolean {
  const s = fn.statements[at]!;
  const taken = fn.statements[held.call.statement];
  if (!taken || held.call.statement >= at || !enclosesStatement(taken, s)) return false;
  const callText = norm(held.call.text);
  const kind = resultKind(ctx, held.call, fn.file);
  const transparent = warnAssertions(ctx);
  // `if (!file) return -EBADF;`, `if (mutex_lock_killable(&m)) return -EINTR;`, `while (!folio_try_get(folio)) { … }`: the acquire failed on this path.
  if (s.guards.some((g) => norm(g).includes(callText) || (held.call.assignedTo && testOf(g, held.call.assignedTo, kind, transparent) === 'failure') || (held.call.assignedTo !== undefined && negates(g, held.key)))) return false;
  if (s.loops.some((l) => norm(l.header).includes(callText))) return false;
  for (const c of fn.calls) {
    if (c.statement <= held.call.statement || c.statement > at) continue;
    const cs = fn.statements[c.statement];
    if (cs && enclosesStatement(cs, s) && releases(ctx, c, fn.file, held, helpers)) return false;
  }
  // Stored somewhere else (`slot->file = file;`): it is that owner's now.
  for (const a of fn.assignments) {
    if (a.statement <= held.call.statement || a.statement >= at) continue;
    if (norm(a.value) === held.key || norm(a.value) === `&${held.key}`) return false;
  }
  return true;
}

/** The base variable of a key: `resv` of `&resv->lock`. */
export function baseOf(key: string): string {
  return /^&?\(?([A-Za-z_]\w*)/.exec(key)?.[1] ?? key;
}

/** A condition that tests something about the resource for absence: `!fd_file(f)`, `IS_ERR(x->file)`, `p == NULL`. */
function negates(cond: string, key: string): boolean {
  const base = baseOf(key);
  return cond.split(/&&|\|\|/).some((raw) => {
    const a = raw.trim().replace(/^\((.*)\)$/, '$1').trim();
    if (!mentionsName(a, base)) return false;
    return /^!(?!=)/.test(a) || /^IS_ERR(?:_OR_NULL)?\(/.test(a) || /==\s*NULL$/.test(a);
  });
}

/** The statements of the path a `goto` takes, and whether one of them releases `held`. */
export function labelReleases(ctx: RuleContext, fn: FunctionView, label: string, held: Held, helpers: ReturnType<typeof releasingHelpers>): { path: number[]; releases: boolean } {
  const path = pathFrom(fn, labelIndex(fn, label));
  const set = new Set(path);
  const rel = fn.calls.some((c) => set.has(c.statement) && releases(ctx, c, fn.file, held, helpers));
  return { path, releases: rel };
}

/**
 * The resource is passed on between two statements where it may change
 * owner: memory passed to any call (`xa_store(&xa, i, p, gfp)`), a reference
 * passed after the first argument (`folio_batch_add(fbatch, folio)` stores it
 * in the batch; accessors such as `file_inode(file)` take it first).
 */
export function passedOn(fn: FunctionView, held: Held, from: number, to: number): boolean {
  return fn.calls.some((c) => c.statement > from && c.statement <= to && c !== held.call && c.args.some((a, i) => (held.handover || i > 0) && (norm(a) === held.key || norm(a) === `&${held.key}`)));
}
