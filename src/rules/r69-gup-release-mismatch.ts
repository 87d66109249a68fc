import type { CallSite, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { escapeRe, locateCode, meaningOf, wholeFunctions } from './lib/index.js';

/** The array a GUP call fills, as a name (`pages`, `region->pages`), from the model's `pages` argument. */
function pagesArray(ctx: RuleContext, call: CallSite, file: string): string | undefined {
  const m = meaningOf(ctx, call, file);
  const i = m?.entry.args?.pages;
  if (m?.role !== 'pin' || !m.entry.reference || i === undefined) return undefined;
  const a = (call.args[i] ?? '').replace(/\s+/g, '').replace(/^&/, '');
  return /^[A-Za-z_][\w>.-]*$/.test(a) && a !== 'NULL' ? a : undefined;
}

/** Names that hold pages of the array: the array itself and locals assigned one of its elements (`page = pages[i]`). */
function holders(fn: FunctionView, array: string): string[] {
  const elem = new RegExp(`${escapeRe(array)}\\s*\\[`);
  return [array, ...fn.assignments.filter((a) => elem.test(a.value) && /^[A-Za-z_]\w*$/.test(a.target.trim())).map((a) => a.target.trim())];
}

export const rule: Rule = {
  meta: {
    id: 'R69',
    name: 'gup-release-mismatch',
    category: 'gup-protected',
    scope: 'function',
    severity: 'warning',
    concepts: ['gup'],
    summary: 'Pages pinned with FOLL_PIN (pin_user_pages*()) released with put_page(), or pages taken with FOLL_GET (get_user_pages*()) released with unpin_user_page(s)(): the pin count is corrupted.',
    fix: 'Release pages the way they were taken: unpin_user_page(s)() for pin_user_pages*(), put_page() for get_user_pages*() (Documentation/core-api/pin_user_pages.rst).',
    refs: ['PIN-01', 'PIN-03'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      for (const take of fn.calls) {
        const array = pagesArray(ctx, take, view.file);
        if (!array) continue;
        const taken = meaningOf(ctx, take, view.file)!.entry.reference!;
        const names = holders(fn, array);
        for (const rel of fn.calls) {
          if (rel.line.line <= take.line.line) continue;
          const r = ctx.model.bySymbol.get(rel.callee);
          if (!r?.reference || r.reference === taken || r.role === 'pin') continue;
          if (take.line.kind !== 'add' && rel.line.kind !== 'add') continue;
          const arg = rel.args[0] ?? '';
          const held = names.find((n) => new RegExp(`(^|[^\\w>.])${escapeRe(n)}\\b`).test(arg));
          if (!held) continue;
          out.push({
            // Findings go on added lines: the release if the patch wrote it, else the call that now takes the other kind of reference.
            location: locateCode(patch, view.file, rel.line.kind === 'add' ? rel.line : take.line, fn.name),
            message: `${rel.callee}(${arg}) (line ${rel.line.line}) releases pages that ${take.callee}() (line ${take.line.line}) took with ${taken === 'pin' ? 'FOLL_PIN' : 'FOLL_GET'}: ${taken === 'pin' ? 'a pin must be dropped with unpin_user_page(s)()' : 'a plain reference must be dropped with put_page()'}, or the page's pin count goes wrong (pin_user_pages.rst).`,
            fix: taken === 'pin' ? `Use unpin_user_page()/unpin_user_pages() for pages from ${take.callee}().` : `Use put_page() for pages from ${take.callee}(), or take them with the pin_user_pages*() variant.`,
            evidence: [locateCode(patch, view.file, rel.line.kind === 'add' ? take.line : rel.line, fn.name)],
          });
        }
      }
    }
    return out;
  },
};
