import type { Rule, RuleContext } from './types.js';
import { callLocation, isZapCall, meaningOf, postCalls, wholeSeries, wordsIn } from './lib/index.js';

/**
 * A line that gates on the direct map being changeable: it names something
 * the model says tests that (can_set_direct_map(), the arch opt-in, the
 * Kconfig symbol — in Kconfig files without its CONFIG_ prefix).
 */
function gates(ctx: RuleContext, text: string): boolean {
  return wordsIn(text).some((w) => ctx.model.bySymbol.get(w)?.tests === 'direct-map' || ctx.model.bySymbol.get(`CONFIG_${w}`)?.tests === 'direct-map');
}

export const rule: Rule = {
  meta: {
    id: 'R15',
    name: 'direct-map-capability-unchecked',
    category: 'direct-map-access',
    scope: 'series',
    severity: 'error',
    concepts: ['direct-map', 'guest-memfd'],
    summary: 'A feature that relies on direct-map removal is accepted without checking that the architecture can remove direct-map entries (can_set_direct_map(), an arch opt-in).',
    fix: 'Refuse the request (-ENOSYS / -EINVAL, or do not advertise the flag) unless can_set_direct_map() — or the arch hook kvm_arch_gmem_supports_no_direct_map() — says it works.',
    refs: ['DM-01', 'S3', 'S16'],
  },
  check(ctx) {
    const zaps = [...postCalls(ctx, () => true)].filter((f) => isZapCall(ctx, f.call, f.view.file) && meaningOf(ctx, f.call, f.view.file)!.entry.noopWithout !== undefined && f.call.line.kind === 'add');
    // The gate may be in a patch of the series that is not in the input.
    if (zaps.length === 0 || !wholeSeries(ctx)) return [];
    const gated = ctx.series.patches.some((p) => p.files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.kind !== 'del' && gates(ctx, l.text)))));
    if (gated) return [];
    // Report at the primitive, not at a caller of the series' own helper around it.
    const first = zaps.find((z) => !meaningOf(ctx, z.call, z.view.file)!.entry.derivedFrom) ?? zaps[0]!;
    return [
      {
        location: callLocation(first),
        message: `${first.call.callee}() is used but nothing in the series checks can_set_direct_map() or an arch opt-in: where the direct map cannot be changed the call returns 0 and does nothing, and userspace believes its memory is hidden.`,
      },
    ];
  },
};
