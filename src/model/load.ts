import type { Fact, Model, ModelEntry, RegistryClaim } from './types.js';
import { ENTRIES, FACTS, buildClaims } from './data/index.js';
import { buildMentionsRegex } from './prefilter.js';
import { DEFAULT_KERNEL, parseKernelVersion, presentIn } from './version.js';

let shared: { entries: ModelEntry[]; bySymbol: Map<string, ModelEntry>; claims: RegistryClaim[]; facts: Map<string, Fact>; mentions: RegExp } | undefined;

/** The version-independent part, built once: data never changes during a run. */
function base() {
  if (!shared) {
    const entries = [...ENTRIES];
    const bySymbol = new Map(entries.map((e) => [e.symbol, e] as const));
    shared = { entries, bySymbol, claims: buildClaims(entries), facts: new Map(FACTS.map((f) => [f.id, f] as const)), mentions: buildMentionsRegex(bySymbol.keys()) };
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
  return {
    kernel,
    entries,
    bySymbol,
    claims,
    facts,
    mentions: (text: string) => mentions.test(text),
    inKernel(symbol: string): boolean {
      const entry = bySymbol.get(symbol);
      if (entry) return presentIn(entry.status, kernel);
      return (claimsBySymbol.get(symbol) ?? []).some((c) => presentIn(c.status, kernel));
    },
  };
}
