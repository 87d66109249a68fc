import type { FunctionView } from '../code/index.js';
import type { Location, ModelEntry } from '../model/index.js';
import { archOf, baseKernelAt, compareKernelVersions, isKernelFlush } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { absentPatches, addedLines, definitionsOf, wholeSeries, flushRequestVariables, gatherAccesses, gatherField, gatherParam, locateCode, locationOf, scanC, stickyFields } from './lib/index.js';

/** Where struct mmu_gather is implemented: the generic header and each arch's asm/tlb.h. */
const GATHER_IMPL = /^(include\/asm-generic\/tlb\.h|arch\/[^/]+\/include\/asm\/tlb\.h)$/;
const CALLS = /\b([A-Za-z_]\w*)\s*\(/g;

/** Texts of a function that decide or do something: statements and call guards. */
function texts(fn: FunctionView): string[] {
  return [...fn.statements.map((s) => s.text), ...fn.calls.flatMap((c) => c.guards)];
}

function readsField(fn: FunctionView, field: string): boolean {
  const tlb = gatherParam(fn);
  return tlb !== undefined && texts(fn).some((t) => gatherAccesses(t, tlb).includes(field));
}

/** The arch batch-flush hook (tlb_flush) as the model knows it. */
function batchFlushEntry(ctx: RuleContext): ModelEntry | undefined {
  return ctx.model.entries.find((e) => e.rangedOnly !== undefined && e.concept === 'tlb' && e.role === 'flush');
}

/** 1. Page-table pages handed to the gather on an arch whose tlb_flush() flushes only the range (TLB-07). */
function freedTables(ctx: RuleContext, out: FindingDraft[]): void {
  const hook = batchFlushEntry(ctx);
  if (!hook) return;
  for (const patch of ctx.series.patches) {
    const byFile = new Map<string, Location[]>();
    const lines = [...addedLines(patch)];
    const code = scanC(lines.map((l) => l.line.text));
    lines.forEach((pl, i) => {
      const arch = archOf(pl.file.path);
      if (!arch || /^\s*#\s*define\b/.test(pl.line.text)) return;
      for (const m of code[i]!.code.matchAll(CALLS)) {
        const e = ctx.model.bySymbol.get(m[1]!);
        if (!e?.pageTable) continue;
        byFile.set(pl.file.path, [...(byFile.get(pl.file.path) ?? []), locationOf(patch, pl)]);
        break;
      }
    });
    for (const [file, sites] of byFile) {
      const arch = archOf(file)!;
      // The series' own tlb_flush() of this arch decides; otherwise the base kernel the patch was written against.
      const own = ctx.series.patches.flatMap((p) => ctx.views(p).filter((v) => archOf(v.file) === arch).flatMap((v) => v.post.filter((f) => f.name === hook.symbol)));
      if (own.length > 0 ? own.some((f) => readsField(f, 'freed_tables')) : !rangedOnlyAt(hook, arch, baseKernelAt(patch.date, ctx.model.kernel))) continue;
      const base = baseKernelAt(patch.date, ctx.model.kernel);
      const first = sites[0]!;
      out.push({
        location: first,
        message: `page-table pages are handed to the mmu_gather here${sites.length > 1 ? ` (and on line${sites.length > 2 ? 's' : ''} ${sites.slice(1).map((s) => s.line).join(', ')})` : ''}, but ${own.length > 0 ? `${arch}'s tlb_flush() in this series` : `${arch}'s tlb_flush() in ${base}`} flushes only the gathered range even when tlb->freed_tables is set: cached non-leaf entries that point into the freed tables survive; tlb_flush() must flush the whole mm (or the walk cache) when tables were freed.`,
        evidence: sites.slice(1),
      });
    }
  }
}

function rangedOnlyAt(hook: ModelEntry, arch: string, kernel: string): boolean {
  const r = hook.rangedOnly?.[arch];
  return r !== undefined && compareKernelVersions(r.since, kernel) <= 0 && (r.until === undefined || compareKernelVersions(kernel, r.until) < 0);
}

/** 2. The series rewrites an arch tlb_flush() so that it no longer looks at tlb->freed_tables. */
function droppedFreedTables(ctx: RuleContext, out: FindingDraft[]): void {
  const hook = batchFlushEntry(ctx);
  if (!hook) return;
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post.filter((f) => f.name === hook.symbol && gatherParam(f))) {
        const pre = view.pre.find((p) => p.name === fn.name);
        if (!pre || !readsField(pre, 'freed_tables') || readsField(fn, 'freed_tables')) continue;
        const changed = fn.statements.find((s) => s.line.kind === 'add') ?? fn.statements[0];
        if (!changed) continue;
        out.push({
          location: locateCode(patch, view.file, changed.line, fn.name),
          message: `${fn.name}() no longer looks at tlb->freed_tables: when page tables were freed it now flushes only the gathered range, and cached non-leaf entries keep pointing into the freed tables.`,
        });
      }
    }
  }
}

/** 3. A kernel flush routed through a helper that tags it with a constant address-space id (TLB-05). */
function taggedKernelFlush(ctx: RuleContext, out: FindingDraft[]): void {
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post) {
        const own = ctx.model.bySymbol.get(fn.name);
        if (!own || own.derivedFrom !== undefined || !isKernelFlush({ entry: own, role: own.role, concept: own.concept, flushesTlb: true, mayFail: false, flushScope: own.flushScope, flushTarget: own.flushTarget }, 'all')) continue;
        for (const call of fn.calls) {
          const i = call.args.findIndex((a) => /^\(?\s*NULL\s*\)?$/.test(a.trim()));
          if (i < 0) continue;
          for (const def of definitionsOf(ctx, call.callee)) {
            const param = /(\w+)\s*$/.exec(def.fn.params[i] ?? '')?.[1];
            if (!param) continue;
            for (const a of def.fn.assignments) {
              if (a.line.kind !== 'add') continue;
              const literal = constantForNull(a.value, param);
              if (literal === undefined) continue;
              const asid = /context|asid/i.test(a.value);
              out.push({
                location: locateCode(def.patch, def.view.file, a.line, def.fn.name),
                message: `${fn.name}() passes NULL as ${param}, and for that case ${def.fn.name}() sets ${a.target} to the constant ${literal} where other callers get a value read from ${param}${asid ? ' (its address-space id)' : ''}: kernel mappings are global, and a flush tagged with an address-space id — ${literal} is one — leaves global entries in every TLB; a kernel flush needs the untagged form (riscv FLUSH_TLB_NO_ASID / rs2 = x0, arm64 TLBI VAALE1IS).`,
                evidence: [locateCode(patch, view.file, call.line, fn.name)],
              });
            }
          }
        }
      }
    }
  }
}

/** `p ? f(p) : 0`, `!p ? 0 : f(p)`, `p == NULL ? 0 : f(p)`: the literal used when `p` is NULL. */
function constantForNull(value: string, p: string): string | undefined {
  const v = value.trim();
  const lit = '(0x[0-9a-fA-F]+|\\d+)[uUlL]*';
  let m = new RegExp(`^\\(?\\s*${p}\\s*(?:!=\\s*NULL\\s*)?\\)?\\s*\\?([^:]+):\\s*${lit}\\s*$`).exec(v);
  if (m && new RegExp(`\\b${p}\\b`).test(m[1]!)) return m[2];
  m = new RegExp(`^\\(?\\s*(?:!\\s*${p}|${p}\\s*==\\s*NULL)\\s*\\)?\\s*\\?\\s*${lit}\\s*:(.+)$`).exec(v);
  if (m && new RegExp(`\\b${p}\\b`).test(m[2]!)) return m[1];
  return undefined;
}

/** 4. A per-VMA gather field read where it no longer describes every VMA of the batch (TLB-06). */
function perElementRead(ctx: RuleContext, out: FindingDraft[]): void {
  const sticky = stickyFields(ctx);
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post) {
        const tlb = gatherParam(fn);
        if (!tlb) continue;
        for (const s of fn.statements.filter((x) => x.kind === 'if' && x.line.kind === 'add')) {
          for (const field of new Set(gatherAccesses(s.text, tlb))) {
            const entry = gatherField(ctx, field);
            if (entry?.lifetime !== 'element' || sticky.has(field)) continue;
            const moved = ctx.series.patches.some((p) => ctx.views(p).some((v) => v.pre.some((f) => f.name !== fn.name && f.statements.some((x) => x.line.kind === 'del' && gatherAccesses(x.text, gatherParam(f) ?? tlb).includes(field)))));
            if (GATHER_IMPL.test(view.file) && !moved) continue;
            out.push({
              location: locateCode(patch, view.file, s.line, fn.name),
              message: `${tlb}->${field} is rewritten by tlb_start_vma() for every VMA the gather walks and never reset: read here, after the walk, it describes the last VMA only, so when an earlier VMA set it and a later one cleared it the flush it guards is skipped.`,
            });
          }
        }
      }
    }
  }
}

/** 5. A variable that requests a flush after a loop, overwritten on every iteration: only the last one counts. */
function overwrittenRequest(ctx: RuleContext, out: FindingDraft[]): void {
  for (const patch of ctx.series.patches) {
    for (const view of ctx.views(patch)) {
      for (const fn of view.post) {
        for (const [v, flush] of flushRequestVariables(ctx, fn, view.file, true)) {
          for (const a of fn.assignments) {
            if (a.target.trim() !== v || a.operator !== '=' || a.line.kind !== 'add' || LITERAL.test(a.value.trim())) continue;
            const loop = fn.statements[a.statement]?.loops[0];
            if (!loop || flush.loops.some((l) => l.line.line === loop.line.line)) continue;
            // `if (v) break;` ends the loop on the first request: the last value is the one that counts.
            if (fn.statements.some((st) => /^break\b/.test(st.text.trim()) && st.guards.some((g) => new RegExp(`\\b${v}\\b`).test(g)))) continue;
            out.push({
              location: locateCode(patch, view.file, a.line, fn.name),
              message: `${v} is overwritten on every iteration of \`${loop.header.trim()}\`, and after the loop it decides whether ${flush.callee}() runs: an earlier iteration that needed the flush is forgotten when a later one does not; accumulate it (\`${v} |= …\`, or set it only to true).`,
              evidence: [locateCode(patch, view.file, flush.line, fn.name)],
            });
          }
        }
      }
    }
  }
}

const LITERAL = /^(0|1|true|false|NULL)$/;

export const rule: Rule = {
  meta: {
    id: 'R34',
    name: 'tlb-flush-partial-coverage',
    category: 'tlb-flush-missing',
    scope: 'series',
    severity: 'warning',
    concepts: ['tlb'],
    summary: 'The flush that runs does not cover what was changed: freed page tables flushed by range only, a kernel flush tagged with an address-space id, a flush request that describes only the last VMA or loop iteration.',
    fix: 'Make the flush cover the change: a whole-mm (walk-cache) flush when tlb->freed_tables is set; an untagged flush for kernel (global) mappings; a gather flag that is set for any VMA of the batch and reset when the batch is flushed.',
    refs: ['TLB-05', 'TLB-06', 'TLB-07', 'lore:08f55d3e-d68e-406a-9bc9-d62f3c86e949@ghiti.fr', 'lore:0e101df0-397a-0d1a-0080-2e60c68c79b6@sholland.org', 'lore:f698fccc-f94a-e7d9-29de-56a90b57c4a4@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // These two read what the rest of the series does (its own tlb_flush(), a flag it makes sticky): only a whole series can say.
    const seriesWide: FindingDraft[] = [];
    freedTables(ctx, seriesWide);
    perElementRead(ctx, seriesWide);
    if (!wholeSeries(ctx)) {
      for (const f of seriesWide) {
        f.severity = 'info';
        f.message += ` (Patches ${absentPatches(ctx)} are not in the input; one of them may change this.)`;
      }
    }
    out.push(...seriesWide);
    droppedFreedTables(ctx, out);
    taggedKernelFlush(ctx, out);
    overwrittenRequest(ctx, out);
    return out;
  },
};

