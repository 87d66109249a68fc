import type { Fact, Model, ModelEntry, RegistryClaim } from './types.js';
import { resolveMeaning } from './query.js';
import { diffTouchesCore } from './scope.js';
import { ENTRIES, FACTS, buildClaims } from './data/index.js';
import { buildMentionsRegex } from './prefilter.js';
import { DEFAULT_KERNEL, parseKernelVersion, presentIn } from './version.js';

let shared: { entries: ModelEntry[]; bySymbol: Map<string, ModelEntry>; claims: RegistryClaim[]; facts: Map<string, Fact>; mentions: RegExp } | undefined;

/** The version-independent part, built once: data never changes during a run. */
function base() {
  if (!shared) {
    const entries = [...ENTRIES];
    const bySymbol = new Map(entries.map((e) => [e.symbol, e] as const));
    // General kernel vocabulary gives calls a meaning but does not make a series relevant.
    const design = entries.filter((e) => e.concept !== 'kernel').map((e) => e.symbol);
    shared = { entries, bySymbol, claims: buildClaims(entries), facts: new Map(FACTS.map((f) => [f.id, f] as const)), mentions: buildMentionsRegex(design) };
  }
  return shared;
}

/**
 * The model for one base kernel. Entries of every status stay in the model (a
 * rule must recognise a series-only flag); `inKernel` says which of them a
 * diff against `kernel` can rely on.
 */
export function loadModel(kernel: string = DEFAULT_KERNEL): Model {
  if (!parseKernelVersion(kernel)) throw new RangeError(`--kernel must be a version such as 6.12 (got "${kernel}")`);
  const { entries, bySymbol, claims, facts, mentions } = base();
  const claimsBySymbol = new Map<string, RegistryClaim[]>();
  for (const c of claims) claimsBySymbol.set(c.symbol, [...(claimsBySymbol.get(c.symbol) ?? []), c]);
  return build(kernel, entries, bySymbol, claims, facts, (text: string) => mentions.test(text), claimsBySymbol);
}

function build(
  kernel: string,
  entries: ModelEntry[],
  bySymbol: ReadonlyMap<string, ModelEntry>,
  claims: RegistryClaim[],
  facts: ReadonlyMap<string, Fact>,
  mentions: (text: string) => boolean,
  claimsBySymbol: ReadonlyMap<string, RegistryClaim[]>,
): Model {
  const model: Model = {
    kernel,
    entries,
    bySymbol,
    claims,
    facts,
    mentions,
    inScope: (diffText) => mentions(diffText) || diffTouchesCore(diffText),
    inKernel(symbol: string): boolean {
      const entry = bySymbol.get(symbol);
      if (entry) return presentIn(entry.status, kernel);
      return (claimsBySymbol.get(symbol) ?? []).some((c) => presentIn(c.status, kernel));
    },
    meaning(callee, args, file) {
      const entry = bySymbol.get(callee);
      if (!entry || entry.kind === 'aop' || entry.kind === 'struct') return undefined;
      if (entry.scope && !new RegExp(entry.scope).test(file)) return undefined;
      return resolveMeaning(entry, args, file);
    },
    extend(extra) {
      // A name the model already knows keeps its meaning (an arch's own set_direct_map_*() is still the primitive).
      const added = extra.filter((e) => !bySymbol.has(e.symbol));
      if (added.length === 0) return model;
      const map = new Map(bySymbol);
      for (const e of added) map.set(e.symbol, e);
      return build(kernel, [...entries, ...added], map, claims, facts, mentions, claimsBySymbol);
    },
  };
  return model;
}
