import type { FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { aopOf, boundAops, callsIn, locateCode, pageSized, postFunctions, wordsIn } from './lib/index.js';

const paramName = (p: string | undefined): string | undefined => /([A-Za-z_]\w*)\s*$/.exec(p ?? '')?.[1];

/** Statements of `fn` that compare one of `names` (or, names unknown, anything) with the size of one page and not with a folio's size. */
function pageSizedTests(ctx: RuleContext, fn: FunctionView, names: readonly string[], file: string) {
  return fn.statements.filter((s) => {
    if (s.line.kind !== 'add' || !pageSized(ctx, s.text)) return false;
    // folio_size() on the same line is the large-folio-aware comparison.
    if (callsIn(s.text).some((c) => ctx.model.meaning(c.callee, c.args, file)?.entry.measures?.of === 'folio')) return false;
    return names.length === 0 || names.some((p) => wordsIn(s.text).includes(p));
  });
}

/**
 * An address_space operation that receives a byte range of a folio
 * (invalidate_folio(folio, offset, length), FO-02) compares that range with
 * the size of one page — itself, or in a helper of the series it hands the
 * range to: for a large folio a full invalidation has length
 * folio_size(folio), so the page-sized test never matches it.
 */
export const rule: Rule = {
  meta: {
    id: 'R02',
    name: 'invalidate-folio-page-size',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'error',
    concepts: ['folio', 'guest-memfd'],
    summary: 'An invalidate_folio(folio, offset, length) implementation (an aop given a byte range of a folio) compares the range with PAGE_SIZE instead of folio_size(folio), itself or in a helper it hands the range to.',
    fix: 'Compare with folio_size(folio): a full invalidation is offset == 0 && length == folio_size(folio). Better, do not restore the direct map in invalidate_folio at all (R07).',
    refs: ['FO-02', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const bound = boundAops(ctx);
    const defined = [...postFunctions(ctx)];
    for (const { patch, view, fn } of defined) {
      const op = aopOf(ctx, bound, fn);
      const range = op?.args;
      if (!op || range?.bytes === undefined) continue;
      // The range parameters by position, when the signature is in the patch.
      const params = [paramName(fn.params[range.offset ?? -1]), paramName(fn.params[range.bytes])].filter((p): p is string => p !== undefined);
      for (const s of pageSizedTests(ctx, fn, params, view.file)) {
        out.push({
          location: locateCode(patch, view.file, s.line, fn.name),
          message: `${fn.name}() is the ${op.symbol} operation but compares its range with ${pageSized(ctx, s.text)}: for a large folio a full invalidation has length == folio_size(folio), so this path never runs for it.`,
        });
      }
      // One level down: a helper of the series given the range.
      if (params.length === 0) continue;
      for (const call of fn.calls) {
        const helper = defined.find((d) => d.fn.name === call.callee && d.fn.params.length === call.args.length && d.fn !== fn);
        if (!helper) continue;
        const passed = call.args.map((a, i) => (params.includes(a.trim()) ? paramName(helper.fn.params[i]) : undefined)).filter((p): p is string => p !== undefined);
        if (passed.length === 0) continue;
        for (const s of pageSizedTests(ctx, helper.fn, passed, helper.view.file)) {
          out.push({
            location: locateCode(helper.patch, helper.view.file, s.line, helper.fn.name),
            message: `${helper.fn.name}() compares the range the ${op.symbol} operation ${fn.name}() hands it with ${pageSized(ctx, s.text)}: for a large folio a full invalidation has length == folio_size(folio), so this path never runs for it.`,
          });
        }
      }
    }
    return out;
  },
};
