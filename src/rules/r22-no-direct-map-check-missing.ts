import type { FindingDraft, Rule } from './types.js';
import { locateCode, postFunctions } from './lib/index.js';

/** Predicates GUP and other kernel readers rely on to refuse secretmem / no-direct-map memory (GUP-03…09). */
const PREDICATES = new Set(['secretmem_mapping', 'vma_is_secretmem', 'folio_is_secretmem', 'mapping_no_direct_map', 'vma_has_no_direct_map']);
/** The places that must refuse such memory. */
const GATES = new Set(['gup_fast_folio_allowed', 'check_vma_flags', 'follow_page_mask', 'follow_page_pte', 'folio_fast_pin_allowed']);
const REFUSAL = /secretmem|no_direct_map|AS_INACCESSIBLE|AS_NO_DIRECT_MAP/;
/** A test of a shared mapping flag instead of the identity of secretmem's own ops. */
const GENERIC_FLAG_TEST = /(->flags\s*&|test_bit\s*\(\s*AS_|\bAS_[A-Z_]+\b|mapping_\w+\s*\()/;
const PAGE_CACHE_READERS = /^(filemap_get_folio|__filemap_get_folio|read_cache_folio|read_cache_page|find_get_page|filemap_lock_folio)$/;

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
    for (const { patch, view, fn } of postFunctions(ctx)) {
      if (PREDICATES.has(fn.name) && /secretmem/.test(fn.name)) {
        const pre = view.pre.find((p) => p.name === fn.name);
        const identityBefore = !pre || pre.statements.some((s) => /secretmem_(aops|vm_ops|fops)/.test(s.text));
        for (const s of fn.statements) {
          if (s.kind !== 'return' || s.line.kind !== 'add' || !GENERIC_FLAG_TEST.test(s.text) || /secretmem_(aops|vm_ops|fops)/.test(s.text)) continue;
          if (!identityBefore) continue;
          out.push({
            location: locateCode(patch, view.file, s.line, fn.name),
            message: `${fn.name}() now tests a flag other mappings can carry (${s.text.trim()}): every caller that means "is secretmem" (GUP, mlock, build-id) silently applies to those mappings too.`,
            fix: 'Keep secretmem_mapping()/vma_is_secretmem() meaning secretmem and add a separate predicate for the new property (as the series later did with mapping_no_direct_map()).',
          });
        }
      }
      if (GATES.has(fn.name)) {
        const pre = view.pre.find((p) => p.name === fn.name);
        const refusedBefore = pre?.statements.filter((s) => REFUSAL.test(s.text)) ?? [];
        const refusesNow = fn.statements.some((s) => REFUSAL.test(s.text));
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
        const refusalLine = fn.statements.find((s) => REFUSAL.test(s.text))?.line.line;
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
      if (/^(lib|kernel|fs|drivers|net)\//.test(view.file)) {
        const reader = fn.calls.find((c) => PAGE_CACHE_READERS.test(c.callee) && c.line.kind === 'add');
        if (reader && !fn.statements.some((s) => REFUSAL.test(s.text)) && !fn.calls.some((c) => REFUSAL.test(c.callee))) {
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
