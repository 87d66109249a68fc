import type { FindingDraft, Rule } from './types.js';
import type { CallMeaning } from '../model/index.js';
import { callLocation, isPrimitiveDefinition, meaningOf, postFunctions } from './lib/index.js';

/**
 * A direct-map change that flushes every CPU on every call, on every arch
 * (set_memory_np/p, set_pages_np/p): the API DM-12 measured. Not a helper that
 * flushes once for a whole folio, and not an arch's _noflush primitive that
 * happens to flush there (arm64 set_direct_map_valid_noflush()).
 */
function flushesPerCall(m: CallMeaning | undefined): boolean {
  return m !== undefined && m.concept === 'direct-map' && (m.role === 'remove' || m.role === 'restore') && m.entry.flushes?.['*'] === true && m.granularity !== 'folio' && !m.entry.debugOnly;
}

const HOT_PATH_FILE = /^(virt\/kvm\/|arch\/[^/]+\/kvm\/)/;
// Where KVM and mm run once per fault or guest access (fault handlers, get_pfn, populate): a place in the code, not a meaning of a call.
const HOT_PATH_FN = /fault|get_pfn|populate|get_folio|map_page|gfn_to_pfn/;

export const rule: Rule = {
  meta: {
    id: 'R13',
    name: 'set-memory-np-hot-path',
    category: 'tlb-flush-placement',
    scope: 'line',
    severity: 'warning',
    concepts: ['direct-map', 'tlb'],
    summary: 'set_memory_np()/set_memory_p() (a full TLB flush per call) in KVM fault handling, guest_memfd paths or a loop.',
    fix: 'Use the _noflush direct-map primitives and one batched flush_tlb_kernel_range() over the whole range.',
    refs: ['DM-12', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      // An arch's own implementation of a direct-map primitive (powerpc's __kernel_map_pages() built on
      // set_memory_np()/set_memory_p()) is what callers are measured against, not a caller on a hot path.
      if (isPrimitiveDefinition(fn, ctx)) continue;
      for (const call of fn.calls.filter((c) => flushesPerCall(meaningOf(ctx, c, view.file)))) {
        const hot = HOT_PATH_FILE.test(view.file) || HOT_PATH_FN.test(fn.name) || call.loops.length > 0;
        if (!hot) continue;
        out.push({
          location: callLocation({ patch, view, fn, call }),
          message: `${call.callee}() flushes the TLB on every call${call.loops.length ? ' and runs in a loop' : ` in ${fn.name}()`}; the 2024 RFC measured an 80% throughput loss from flushing on this path.`,
        });
      }
    }
    return out;
  },
};
