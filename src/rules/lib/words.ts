import type { CallSite } from '../../code/index.js';
import type { ModelEntry } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { meaningOf } from './direct-map.js';

const IDENT = /[A-Za-z_]\w*/g;

/** The model entries a piece of code names (identifiers only; the series' own wrappers included). */
export function entriesIn(ctx: RuleContext, text: string): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const m of text.matchAll(IDENT)) {
    const e = ctx.model.bySymbol.get(m[0]);
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

/** The first model entry named in `text` that `want` accepts. */
export function namedEntry(ctx: RuleContext, text: string, want: (e: ModelEntry) => boolean): ModelEntry | undefined {
  return entriesIn(ctx, text).find(want);
}

/** A gfp mask text allows sleeping: it names a mask the model says may sleep and none that forbids it. */
export function gfpMaySleep(ctx: RuleContext, mask: string): boolean {
  const masks = entriesIn(ctx, mask).filter((e) => e.kind === 'gfp-flag' && e.sleeps !== undefined);
  return masks.some((e) => e.sleeps) && !masks.some((e) => e.sleeps === false);
}

/** The call may sleep: the model says so, or it allocates with a gfp mask that allows reclaim. */
export function callSleeps(ctx: RuleContext, call: CallSite, file: string): boolean {
  const m = meaningOf(ctx, call, file);
  if (!m) return false;
  if (m.entry.sleeps) return true;
  return m.gfp !== undefined && gfpMaySleep(ctx, m.gfp);
}

/** The text names something GUP and kernel readers refuse protected memory with (a refusal predicate or mapping flag). */
export function namesRefusal(ctx: RuleContext, text: string): boolean {
  return entriesIn(ctx, text).some((e) => e.refuses !== undefined);
}
