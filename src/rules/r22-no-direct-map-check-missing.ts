import type { FunctionView } from '../code/index.js';
import type { ModelEntry } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { entriesIn, locateCode, meaningOf, namesRefusal, postFunctions } from './lib/index.js';

/**
 * A test of a mapping flag other mappings can carry (AS_* bits, their
 * predicates), not of one subsystem's own ops; through a helper the series
 * defines, too.
 */
function testsSharedFlag(ctx: RuleContext, text: string, helpers: ReadonlyMap<string, FunctionView>, depth = 0): boolean {
  if (/->\s*flags\s*&/.test(text) || entriesIn(ctx, text).some((e) => e.refuses === 'property' || e.kind === 'mapping-flag')) return true;
  if (depth > 1) return false;
  return [...text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].some((m) => {
    const helper = helpers.get(m[1]!);
    return helper !== undefined && helper.statements.some((st) => st.kind === 'return' && testsSharedFlag(ctx, st.text, helpers, depth + 1));
  });
}

/** The text compares against the subsystem's own operations (secretmem_aops, secretmem_vm_ops): an identity test. */
function testsIdentity(ctx: RuleContext, text: string, of: ModelEntry): boolean {
  return entriesIn(ctx, text).some((e) => e.kind === 'struct' && e.concept === of.concept);
}

/** A GUP gate the model knows: the places that must refuse such memory. */
const isGate = (e: ModelEntry | undefined): boolean => e !== undefined && e.concept === 'gup' && e.role === 'refuse' && e.kind === 'function' && e.derivedFrom === undefined;

/**
 * Code that may read the page cache of any file (GUP-08: lib/buildid.c reads the file behind a
 * VMA): lib/, kernel/, the generic VFS (fs/*.c), or anything that reads a VMA's file. A
 * filesystem (fs/<name>/), a driver or a protocol reads its own files, which are never secretmem
 * or guest_memfd: the 6.12 fuse and iomap code drew four wrong warnings before this.
 */
function readsArbitraryFiles(file: string, fn: FunctionView): boolean {
  if (/^(lib|kernel)\//.test(file) || /^fs\/[^/]+\.c$/.test(file)) return true;
  return /^(fs|drivers|net)\//.test(file) && fn.statements.some((s) => /\bvm_file\b/.test(s.text));
}

export const rule: Rule = {
  meta: {
    id: 'R22',
    name: 'no-direct-map-check-missing',
    category: 'gup-protected',
    scope: 'patch',
    severity: 'error',
    concepts: ['gup', 'secretmem', 'direct-map'],
    summary: 'A secretmem / no-direct-map refusal is weakened, widened to other mappings, or missing in new code that reads page-cache folios of arbitrary files.',
    fix: 'Keep the refusal in gup_fast_folio_allowed()/check_vma_flags(); add a separate predicate (mapping_no_direct_map()) instead of changing what vma_is_secretmem() means; reject secretmem/no-direct-map mappings in new page-cache readers.',
    refs: ['GUP-03', 'GUP-04', 'GUP-06', 'GUP-07', 'GUP-08', 'GUP-09', 'S20', 'S25', 'lore:20240709132041.3625501-8-roypat@amazon.co.uk'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const helpers = new Map([...postFunctions(ctx)].map(({ fn }) => [fn.name, fn] as const));
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const entry = ctx.model.bySymbol.get(fn.name);
      if (entry?.refuses === 'identity' && entry.derivedFrom === undefined) {
        const pre = view.pre.find((p) => p.name === fn.name);
        const identityBefore = !pre || pre.statements.some((s) => testsIdentity(ctx, s.text, entry));
        for (const s of fn.statements) {
          if (s.kind !== 'return' || s.line.kind !== 'add' || !testsSharedFlag(ctx, s.text, helpers) || testsIdentity(ctx, s.text, entry)) continue;
          if (!identityBefore) continue;
          out.push({
            location: locateCode(patch, view.file, s.line, fn.name),
            message: `${fn.name}() now tests a flag other mappings can carry (${s.text.trim()}): every caller that means "is secretmem" (GUP, mlock, build-id) silently applies to those mappings too.`,
            fix: 'Keep secretmem_mapping()/vma_is_secretmem() meaning secretmem and add a separate predicate for the new property (as the series later did with mapping_no_direct_map()).',
          });
        }
      }
      if (isGate(entry)) {
        const pre = view.pre.find((p) => p.name === fn.name);
        const refusedBefore = pre?.statements.filter((s) => namesRefusal(ctx, s.text)) ?? [];
        const refusesNow = fn.statements.some((s) => namesRefusal(ctx, s.text));
        if (refusedBefore.length && !refusesNow) {
          const first = fn.statements.find((s) => s.line.kind === 'add') ?? fn.statements[0];
          if (first) {
            out.push({
              location: locateCode(patch, view.file, first.line, fn.name),
              message: `${fn.name}() no longer refuses secretmem / no-direct-map folios (removed: ${refusedBefore[0]!.text.trim()}); GUP would then reach memory that has no direct-map entry.`,
              evidence: refusedBefore.map((s) => locateCode(patch, view.file, s.line, fn.name)),
            });
          }
        }
        const refusalLine = fn.statements.find((s) => namesRefusal(ctx, s.text))?.line.line;
        for (const s of fn.statements) {
          if (s.line.kind !== 'add' || s.kind !== 'return' || !/^(true|1)$/.test((s.target ?? '').trim())) continue;
          // Without the whole function the refusal may lie past the hunk; the model says this gate holds it.
          if (refusalLine !== undefined ? s.line.line >= refusalLine : fn.complete) continue;
          if (!s.guards.some((g) => /!\s*mapping|mapping\s*==\s*NULL/.test(g))) continue;
          out.push({
            location: locateCode(patch, view.file, s.line, fn.name),
            message: `${fn.name}() returns true before the secretmem / no-direct-map test when the mapping is NULL: a truncated secretmem folio has a NULL mapping too.`,
          });
        }
      }
      if (readsArbitraryFiles(view.file, fn)) {
        const reader = fn.calls.find((c) => c.line.kind === 'add' && meaningOf(ctx, c, view.file)?.entry.pageCache);
        if (reader && !fn.statements.some((s) => namesRefusal(ctx, s.text)) && !fn.calls.some((c) => namesRefusal(ctx, c.callee))) {
          out.push({
            location: locateCode(patch, view.file, reader.line, fn.name),
            severity: 'warning',
            message: `${fn.name}() reads page-cache folios with ${reader.callee}() without refusing secretmem / no-direct-map mappings; touching such a folio from the kernel faults.`,
          });
        }
      }
    }
    return out;
  },
};
