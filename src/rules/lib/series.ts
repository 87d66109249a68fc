import type { RuleContext } from '../types.js';

/**
 * Whether every patch 1..N of the series is in the input (issue 10 §3). A
 * rule may conclude that "the series does not restore / document / test /
 * mask X" only then: a thread often holds one patch of a long series, and
 * what this patch lacks may be in a patch that is not here.
 */
export function wholeSeries(ctx: RuleContext): boolean {
  const s = ctx.series;
  const present = new Set(s.patches.map((p) => p.index));
  for (let i = 1; i <= s.total; i++) if (!present.has(i)) return false;
  return s.missing.length === 0;
}

/** The patches of 1..N that are not in the input, as a reviewer writes them: `1-8, 10-15 of 15`. */
export function absentPatches(ctx: RuleContext): string {
  const s = ctx.series;
  const present = new Set(s.patches.map((p) => p.index));
  const runs: string[] = [];
  for (let i = 1; i <= s.total; i++) {
    if (present.has(i)) continue;
    let j = i;
    while (j + 1 <= s.total && !present.has(j + 1)) j++;
    runs.push(i === j ? `${i}` : `${i}-${j}`);
    i = j;
  }
  return `${runs.join(', ')} of ${s.total}`;
}
