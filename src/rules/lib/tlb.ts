import type { CallSite, FileView, FunctionView } from '../../code/index.js';
import type { DiffPatch } from '../../diff/index.js';
import type { ModelEntry } from '../../model/index.js';
import { flushesKernelEverywhere, isKernelFlush } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { meaningOf } from './direct-map.js';
import { lineAt } from './locate.js';

/** The call writes a page-table entry (TLB-03). */
export function writesPte(ctx: RuleContext, call: CallSite, file: string): boolean {
  return meaningOf(ctx, call, file)?.entry.writesPte === true;
}

/** A kernel TLB flush that reaches the calling CPU only (TLB-01). */
export function isLocalKernelFlush(ctx: RuleContext, call: CallSite, file: string): boolean {
  return isKernelFlush(meaningOf(ctx, call, file), 'local');
}

/** A flush itself (not a change that flushes, whose skipping skips its change too) reaching every CPU's kernel entries. */
export function isFlush(ctx: RuleContext, call: CallSite, file: string): boolean {
  return meaningOf(ctx, call, file)?.role === 'flush' && isAllCpuKernelFlush(ctx, call, file);
}

/** Plain variables that guard an all-CPU kernel flush (or, with `anyFlush`, any flush) in this function, with the flush they guard. */
export function flushRequestVariables(ctx: RuleContext, fn: FunctionView, file: string, anyFlush = false): Map<string, CallSite> {
  const out = new Map<string, CallSite>();
  for (const c of fn.calls.filter((x) => (anyFlush ? meaningOf(ctx, x, file)?.role === 'flush' : isFlush(ctx, x, file)))) {
    for (const g of c.guards) {
      const m = /^\(?\s*(?:unlikely|likely)?\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*\)?$/.exec(g.trim());
      if (m && !out.has(m[1]!)) out.set(m[1]!, c);
    }
  }
  return out;
}

/** An all-CPU kernel TLB flush, or a change that flushes itself everywhere. */
export function isAllCpuKernelFlush(ctx: RuleContext, call: CallSite, file: string): boolean {
  return flushesKernelEverywhere(meaningOf(ctx, call, file));
}

const IDENT = /[A-Za-z_]\w*/g;

/** Model flags in `text` that request a flush (x86 CPA_FLUSHTLB), as the model scopes them to `file`. */
export function flushRequestFlags(ctx: RuleContext, text: string, file: string): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const m of text.matchAll(IDENT)) {
    const e = ctx.model.bySymbol.get(m[0]);
    if (!e || e.kind !== 'flag' || e.role !== 'flush') continue;
    if (e.scope && !new RegExp(e.scope).test(file)) continue;
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** The function's declaration carries `__init` (or `__meminit`): it runs at boot, before other CPUs come up. */
export function isBootOnly(patch: DiffPatch, view: FileView, fn: FunctionView): boolean {
  for (let l = fn.startLine; l <= fn.startLine + 2; l++) {
    const text = lineAt(patch, view.file, l)?.line.text;
    if (text === undefined) continue;
    if (/\b__(?:init|meminit|ref)\b/.test(text)) return true;
    if (text.includes('{')) break;
  }
  return false;
}

/** A comment in the function that says why flushing this CPU alone is enough (what a reviewer asks for). */
export function localFlushExplained(fn: FunctionView): string | undefined {
  return fn.comments.find((c) => /\b(this CPU|local(?:ly)?|current CPU|only CPU|IPIs?|other CPUs|all CPUs|every CPU|global flush|enough|per-?CPU|preempt)/i.test(c.text))?.text;
}

/** Every post-image definition of `name` in the series (an arch override and a __weak default are two). */
export function definitionsOf(ctx: RuleContext, name: string): { patch: DiffPatch; view: FileView; fn: FunctionView }[] {
  const out: { patch: DiffPatch; view: FileView; fn: FunctionView }[] = [];
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) for (const fn of view.post) if (fn.name === name) out.push({ patch, view, fn });
  }
  return out;
}

/** Lines the patch adds inside the function (post image). */
export function touchedByPatch(fn: FunctionView): boolean {
  return fn.statements.some((s) => s.line.kind === 'add') || fn.calls.some((c) => c.line.kind === 'add');
}

/** A `struct mmu_gather *` parameter of the function, by name. */
export function gatherParam(fn: FunctionView): string | undefined {
  for (const p of fn.params) {
    const m = /\bstruct\s+mmu_gather\s*\*\s*(\w+)\s*$/.exec(p);
    if (m) return m[1];
  }
  return undefined;
}

/** The model entry of a struct mmu_gather field (TLB-06). */
export function gatherField(ctx: RuleContext, field: string): ModelEntry | undefined {
  return ctx.model.bySymbol.get(`mmu_gather.${field}`);
}

/** `tlb->field` accesses in a text, for the gather variable `tlb`. */
export function gatherAccesses(text: string, tlb: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\w.>])\\(?${tlb}\\)?->(\\w+)`, 'g'))) out.push(m[1]!);
  return out;
}

/** The gather field an assignment writes (`tlb->f = …`, `(tlb)->f |= …`), if it writes one. */
export function gatherFieldWritten(a: { target: string }, tlb: string): string | undefined {
  return new RegExp(`^\\(?${tlb}\\)?->(\\w+)$`).exec(a.target.trim())?.[1];
}

/** An added assignment that only ever sets a flag (`|=`, `= 1`, `= true`). */
export function setsFlag(a: { operator: string; value: string; line: { kind: string } }): boolean {
  return a.line.kind === 'add' && (a.operator === '|=' || /^(1|true)$/.test(a.value.trim()));
}

/** An assignment that clears a flag (`= 0`, `= false`). */
export function clearsFlag(a: { value: string }): boolean {
  return /^(0|false)$/.test(a.value.trim());
}

/** Fields the series turns into set-only flags (`tlb->f = 1`): they then cover the whole batch (R35 checks their reset). */
export function stickyFields(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post) {
        const tlb = gatherParam(fn);
        if (!tlb) continue;
        for (const a of fn.assignments) {
          const field = gatherFieldWritten(a, tlb);
          if (field && setsFlag(a)) out.add(field);
        }
      }
    }
  }
  return out;
}
