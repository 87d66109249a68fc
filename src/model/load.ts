import type { BaseFacts, Fact, KernelFacts, Model, ModelEntry, RegistryClaim } from './types.js';
import { baseFacts, selectFacts } from './base.js';
import { resolveMeaning } from './query.js';
import { diffTouchesCore } from './scope.js';
import { ENTRIES, FACTS, KERNELS, buildClaims } from './data/index.js';
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
  const known = selectFacts(KERNELS, kernel);
  return build(kernel, entries, bySymbol, claims, facts, (text: string) => mentions.test(text), known && baseFacts(known, KERNELS));
}

/** The model's claims and the base's numbers the model has no claim of: the map names them as "also claimed by". */
function withBaseClaims(claims: RegistryClaim[], base: BaseFacts | undefined): RegistryClaim[] {
  if (!base) return claims;
  const have = new Set(claims.map((c) => `${c.registry}:${c.symbol}:${c.numeric}`));
  const extra = base.numbers
    .filter((n) => !have.has(`${n.registry}:${n.symbol}:${n.numeric}`))
    .map((n): RegistryClaim => ({ registry: n.registry, symbol: n.symbol, value: n.value, numeric: n.numeric, status: { kind: 'base', kernel: base.kernel }, source: n.source }));
  return [...claims, ...extra];
}

function build(
  kernel: string,
  entries: ModelEntry[],
  bySymbol: ReadonlyMap<string, ModelEntry>,
  modelClaims: RegistryClaim[],
  facts: ReadonlyMap<string, Fact>,
  mentions: (text: string) => boolean,
  baseOf: BaseFacts | undefined,
): Model {
  const claims = withBaseClaims(modelClaims, baseOf);
  const claimsBySymbol = new Map<string, RegistryClaim[]>();
  for (const c of claims) claimsBySymbol.set(c.symbol, [...(claimsBySymbol.get(c.symbol) ?? []), c]);
  const model: Model = {
    kernel,
    base: baseOf,
    entries,
    bySymbol,
    claims,
    facts,
    mentions,
    inScope: (diffText) => mentions(diffText) || diffTouchesCore(diffText),
    inKernel(symbol: string): boolean {
      const entry = bySymbol.get(symbol);
      if (entry && presentIn(entry.status, kernel)) return true;
      // A model entry's status is the model's word; the base's own files (claims of status `base`) are the better witness.
      return (claimsBySymbol.get(symbol) ?? []).some((c) => presentIn(c.status, kernel));
    },
    meaning(callee, args, file) {
      const entry = bySymbol.get(callee);
      if (!entry || entry.kind === 'aop' || entry.kind === 'struct') return undefined;
      if (entry.scope && !new RegExp(entry.scope).test(file)) return undefined;
      return resolveMeaning(entry, args, file, baseOf);
    },
    extend(extra) {
      // A name the model already knows keeps its meaning (an arch's own set_direct_map_*() is still the primitive).
      const added = extra.filter((e) => !bySymbol.has(e.symbol));
      if (added.length === 0) return model;
      const map = new Map(bySymbol);
      for (const e of added) map.set(e.symbol, e);
      return build(kernel, [...entries, ...added], map, modelClaims, facts, mentions, baseOf);
    },
    withBase(tree: KernelFacts) {
      return build(kernel, entries, bySymbol, modelClaims, facts, mentions, baseFacts(tree, KERNELS));
    },
  };
  return model;
}
