import type { FunctionView } from '../code/index.js';
import type { Concept } from '../model/index.js';
import { registryOf } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { entriesIn, locateCode, postFunctions } from './lib/index.js';

/** Syntax of a test of the file's creation flags. */
const FLAG_TEST = /\bflags\s*&|->\s*flags\b/;
const IDENT = /[A-Za-z_]\w*/g;

/**
 * The text tests an opt-in of `concept`: a creation flag or flag/capability
 * check the model knows for it, a new flag of its registry, or its flags word.
 */
function optsIn(ctx: RuleContext, text: string, concept: Concept): boolean {
  if (FLAG_TEST.test(text)) return true;
  if (entriesIn(ctx, text).some((e) => e.concept === concept && (e.role === 'check-flag' || e.role === 'check-capability'))) return true;
  const registries = new Set(ctx.model.entries.filter((e) => e.concept === concept && e.kind === 'flag' && e.registry).map((e) => e.registry!));
  return [...text.matchAll(IDENT)].some((m) => registries.has(registryOf(m[0]) ?? ''));
}

export const rule: Rule = {
  meta: {
    id: 'R31',
    name: 'gmem-behaviour-without-opt-in',
    category: 'new-flag',
    scope: 'function',
    severity: 'warning',
    concepts: ['guest-memfd'],
    summary: 'A guest_memfd file operation (mmap, read, write…) is installed for every guest_memfd, with no creation flag or capability for userspace to opt in.',
    fix: 'Gate the new behaviour on a creation flag (as GUEST_MEMFD_FLAG_MMAP does) checked in the operation, advertised through kvm_gmem_get_supported_flags().',
    refs: ['GM-04', 'GM-05', 'GM-07', 'lore:20240709132041.3625501-9-roypat@amazon.co.uk', 'S17'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const fns = new Map<string, FunctionView>();
    for (const { fn } of postFunctions(ctx)) fns.set(fn.name, fn);
    const texts = (fn: FunctionView): string[] => [...fn.statements.map((s) => s.text), ...fn.statements.flatMap((s) => s.guards)];
    // The handler, or a helper the series defines that it calls, tests an opt-in.
    const gated = (fn: FunctionView, concept: Concept): boolean =>
      texts(fn).some((t) => optsIn(ctx, t, concept)) || fn.calls.some((c) => c.callee !== fn.name && fns.has(c.callee) && texts(fns.get(c.callee)!).some((t) => optsIn(ctx, t, concept)));
    // The file_operations of the design and the operations that reach its memory (model: userOps).
    const designs = ctx.model.entries.filter((e) => e.userOps !== undefined);
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        for (const init of view.initializers) {
          if (!/file_operations/.test(init.type)) continue;
          // Known by name, or by installing the design's own functions (.release = kvm_gmem_release).
          const design = designs.find((d) => d.symbol === init.name) ?? designs.find((d) => init.fields.some((f) => ctx.model.bySymbol.get(f.value.replace(/^&/, '').trim())?.concept === d.concept));
          if (!design) continue;
          for (const f of init.fields) {
            const op = f.field.replace(/^\./, '');
            if (!design.userOps!.includes(op) || f.line.kind !== 'add') continue;
            const handler = f.value.trim();
            const body = fns.get(handler);
            if (body && gated(body, design.concept)) continue;
            out.push({
              location: locateCode(patch, view.file, f.line),
              message: `.${op} = ${handler} makes every guest_memfd ${op === 'mmap' ? 'mmap-able' : `support ${op}`} unconditionally; userspace has no flag to opt in and no way to discover it.`,
            });
          }
        }
      }
    }
    return out;
  },
};
