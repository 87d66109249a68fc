import type { FindingDraft, Rule } from './types.js';
import { boundAops, callLocation, postCalls } from './lib/index.js';

const RESTORE = new Set(['set_direct_map_default_noflush', 'folio_restore_direct_map', 'set_direct_map_valid_noflush']);
const WRONG = new Set(['invalidate_folio', 'release_folio']);

export const rule: Rule = {
  meta: {
    id: 'R07',
    name: 'restore-in-wrong-aop',
    category: 'direct-map-lifecycle',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'guest-memfd'],
    summary: 'The direct map is restored in invalidate_folio or release_folio, which run for partial ranges and only for folios with private data, not on every free.',
    fix: 'Restore the direct map in .free_folio, which every folio passes through before it returns to the allocator.',
    refs: ['DM-13', 'FO-02', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const bound = boundAops(ctx);
    for (const found of postCalls(ctx, RESTORE)) {
      const { call, fn } = found;
      if (call.callee === 'set_direct_map_valid_noflush' && !/^(true|1)$/.test((call.args[2] ?? '').trim())) continue;
      const op = bound.get(fn.name) ?? (/_(invalidate|release)_folio$/.exec(fn.name) ? fn.name.replace(/^.*_(invalidate|release)_folio$/, '$1_folio') : undefined);
      if (!op || !WRONG.has(op)) continue;
      out.push({
        location: callLocation(found),
        message: `${call.callee}() restores the direct map in ${fn.name}(), the ${op} operation: it is not called for every folio before it is freed, so some pages go back to the allocator still unmapped.`,
      });
    }
    return out;
  },
};
