import type { FindingDraft, Rule } from './types.js';
import { aopOf, boundAops, callsIn, locateCode, postFunctions } from './lib/index.js';

/** Reaching the mapping through the folio's fields: `folio->mapping`, `mapping->host`. */
const MAPPING_FIELD = /\b\w*folio\w*\s*->\s*mapping\b|\bmapping\s*->\s*host\b/;

/**
 * The operation that frees a folio runs when its mapping may already be gone
 * (GM-17): an implementation that reaches folio->mapping — by field or
 * through a call the model says reads it — or that takes the address_space
 * as a parameter races with the mapping's teardown.
 */
export const rule: Rule = {
  meta: {
    id: 'R08',
    name: 'free-path-needs-mapping',
    category: 'direct-map-lifecycle',
    scope: 'function',
    severity: 'warning',
    concepts: ['guest-memfd', 'folio'],
    summary: 'A free_folio implementation dereferences folio->mapping, folio_inode() or mapping->host, or free_folio is changed to take the address_space.',
    fix: 'Keep the state free_folio needs in the folio itself (a bit in folio->private); the mapping may already be gone when free_folio runs.',
    refs: ['GM-17', 'DM-07', 'S11'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const bound = boundAops(ctx);
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const op = aopOf(ctx, bound, fn);
      if (!op?.mappingGone) continue;
      if (fn.params.some((p) => /\baddress_space\b/.test(p))) {
        const s = fn.statements[0];
        if (s) out.push({ location: locateCode(patch, view.file, s.line, fn.name), message: `${fn.name}() takes the address_space: passing it to ->${op.symbol} was dropped from the series because it races with freeing of the address_space.` });
      }
      for (const s of fn.statements) {
        if (s.line.kind !== 'add') continue;
        const field = MAPPING_FIELD.exec(s.text)?.[0];
        const call = field ? undefined : callsIn(s.text).find((c) => ctx.model.meaning(c.callee, c.args, view.file)?.entry.readsMapping);
        if (!field && !call) continue;
        out.push({ location: locateCode(patch, view.file, s.line, fn.name), message: `${fn.name}() is the ${op.symbol} operation but reaches the folio's mapping (${field ?? `${call!.callee}()`}); by the time ${op.symbol} runs the mapping can be gone.` });
        break;
      }
    }
    return out;
  },
};
