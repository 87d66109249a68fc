import type { FindingDraft, Rule } from './types.js';
import { isPrimitiveDefinition, aopBindings, aopsSeeing, callLocation, isRestoreCall, isPageZapCall, meaningOf, locateCode, postCalls, postFunctions, restoresDirectMap, wholeSeries } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R06',
    name: 'direct-map-zap-without-restore',
    category: 'direct-map-lifecycle',
    scope: 'series',
    severity: 'error',
    concepts: ['direct-map', 'guest-memfd'],
    summary: 'The series removes folios from the direct map but no restore is reachable from the folio\'s final free (.free_folio), or .free_folio is compiled out where the removal is compiled in.',
    fix: 'Restore the direct map in .free_folio, installed whenever the removal can happen, keyed off a per-folio "removed" bit.',
    refs: ['DM-05', 'DM-09', 'DM-10', 'DM-13', 'GM-17', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const zaps = [...postCalls(ctx, () => true)].filter((f) => isPageZapCall(ctx, f.call, f.view.file) && !isPrimitiveDefinition(f.fn, ctx));
    // The restore may be in a patch of the series that is not in the input.
    if (zaps.length === 0 || !wholeSeries(ctx)) return out;
    // Report at the primitive, not at a caller of the series' own helper around it.
    const first = zaps.find((z) => !meaningOf(ctx, z.call, z.view.file)!.entry.derivedFrom) ?? zaps[0]!;
    // The series' initialisers and the base kernel's: a restore in the function 6.12 installs as .free_folio is in free_folio.
    const bound = aopBindings(ctx);
    const finalFree = aopsSeeing(ctx, true);
    const restorers = new Set<string>();
    for (const { fn, view } of postFunctions(ctx)) {
      if (isPrimitiveDefinition(fn, ctx)) continue;
      // A restore the function removes again later is a window for a kernel access, not the restore before the free.
      const last = [...fn.calls].reverse().find((c) => isRestoreCall(ctx, c, view.file) || isPageZapCall(ctx, c, view.file));
      if (last && isRestoreCall(ctx, last, view.file)) restorers.add(fn.name);
    }
    // An installed function the series leaves alone runs its base body: secretmem_free_folio() restores what secretmem.c removes.
    const defined = new Set([...postFunctions(ctx)].map(({ fn }) => fn.name));
    const zapFiles = new Set(zaps.map((z) => z.view.file));
    for (const [fn, b] of bound) {
      if (b.from !== 'base' || defined.has(fn) || !zapFiles.has(b.file)) continue;
      if (b.calls?.some((c) => restoresDirectMap(ctx, c.callee, c.args, b.file))) restorers.add(fn);
    }
    // One level of calls: free_folio → helper → restore.
    for (const { fn } of postFunctions(ctx)) if (fn.calls.some((c) => restorers.has(c.callee))) restorers.add(fn.name);
    const freeFolio = [...bound].filter(([, b]) => finalFree.has(b.op)).map(([fn]) => fn);
    const freeRestores = freeFolio.some((fn) => restorers.has(fn));
    const firstPatch = first.patch.index;
    if (restorers.size === 0) {
      out.push({
        location: callLocation(first),
        message: `${first.call.callee}() removes folios from the direct map and nothing in the series restores them: a freed folio returns to the page allocator unmapped and its next kernel user faults.`,
      });
      return out;
    }
    if (!freeRestores) {
      const names = [...restorers];
      const where = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      out.push({
        location: callLocation(first),
        message: `the direct map is restored only in ${where}, ${names.length === 1 ? 'which is not' : 'none of which is'} installed as .free_folio${ctx.model.base ? ` (in the series or in Linux ${ctx.model.base.kernel})` : ''}: folios freed without passing through it keep no direct-map entry.`,
      });
    }
    const restoreCalls = [...postCalls(ctx, () => true)].filter((f) => isRestoreCall(ctx, f.call, f.view.file));
    const lastRestorePatch = Math.min(...restoreCalls.map((r) => r.patch.index));
    if (Number.isFinite(lastRestorePatch) && lastRestorePatch > firstPatch) {
      out.push({
        location: callLocation(first),
        severity: 'warning',
        message: `removal is added in patch ${firstPatch} but the restore only in patch ${lastRestorePatch}: ${lastRestorePatch - 1 === firstPatch ? `patch ${firstPatch} is` : `patches ${firstPatch}–${lastRestorePatch - 1} are`} not bisect-safe.`,
        evidence: restoreCalls.filter((r) => r.patch.index === lastRestorePatch).map((r) => callLocation(r)),
      });
    }
    const zapGuard = first.view.preprocessor.find((p) => p.line === first.call.line.line)?.condition;
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        for (const init of view.initializers) {
          const field = init.fields.find((f) => finalFree.has(f.field.replace(/^\./, '')) && f.guardedBy);
          if (!field || !restorers.has(field.value.replace(/^&/, '').trim())) continue;
          if (zapGuard === field.guardedBy) continue;
          out.push({
            location: locateCode(patch, view.file, field.line),
            severity: 'warning',
            message: `.free_folio is installed only under #if ${field.guardedBy}, but the removal is not: in other configurations nothing restores the direct map.`,
          });
        }
      }
    }
    // The base installs the restoring .free_folio under a condition the series leaves as it is (6.12: only with CONFIG_HAVE_KVM_ARCH_GMEM_INVALIDATE).
    for (const fn of freeFolio) {
      const b = bound.get(fn)!;
      if (b.from !== 'base' || !b.guard || !restorers.has(fn) || zapGuard === b.guard) continue;
      out.push({
        location: callLocation(first),
        severity: 'warning',
        message: `the restore is in ${fn}(), which Linux ${ctx.model.base!.kernel} installs as .${b.op} of ${b.variable} only under #ifdef ${b.guard}, and the series does not change that: in other configurations the removal stays compiled in and nothing restores the direct map.`,
      });
    }
    return out;
  },
};
