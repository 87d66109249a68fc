import type { BaseFacts, BaseNumber, FlagsMask, InstalledAop, KernelFacts } from './types.js';
import { compareKernelVersions } from './version.js';

/**
 * The facts of the nearest known kernel at or before `kernel` (6.15 → 6.12's
 * facts), or undefined when `kernel` is older than every known one: a number
 * taken later must not be reported as taken in an older base.
 */
export function selectFacts(known: readonly KernelFacts[], kernel: string): KernelFacts | undefined {
  let best: KernelFacts | undefined;
  for (const f of known) {
    if (compareKernelVersions(f.kernel, kernel) > 0) continue;
    if (!best || compareKernelVersions(f.kernel, best.kernel) > 0) best = f;
  }
  return best;
}

/** The question-answering form of one kernel's facts; `others` lends the flags masks of the other known kernels. */
export function baseFacts(facts: KernelFacts, others: readonly KernelFacts[] = []): BaseFacts {
  const bySymbol = new Map<string, BaseNumber>();
  const byNumber = new Map<string, BaseNumber[]>();
  for (const n of facts.numbers) {
    bySymbol.set(n.symbol, n);
    const key = `${n.registry}:${n.numeric}`;
    byNumber.set(key, [...(byNumber.get(key) ?? []), n]);
  }
  const installed = new Map<string, InstalledAop>();
  for (const a of facts.aops) {
    for (const [op, fn] of Object.entries(a.ops)) {
      const guard = a.guards[op];
      installed.set(fn, guard ? { variable: a.variable, file: a.file, op, guard } : { variable: a.variable, file: a.file, op });
    }
  }
  const masks: FlagsMask[] = [];
  const seen = new Set<string>();
  for (const f of [facts, ...[...others].sort((a, b) => compareKernelVersions(b.kernel, a.kernel))]) {
    const m = f.flagsMask;
    if (!m || seen.has(`${m.kind}:${m.name}:${m.function}`)) continue;
    seen.add(`${m.kind}:${m.name}:${m.function}`);
    masks.push(m);
  }
  return {
    ...facts,
    number: (symbol) => bySymbol.get(symbol),
    claimants: (registry, numeric) => byNumber.get(`${registry}:${numeric}`) ?? [],
    highestTaken: (registry) => facts.highest?.[registry]?.numeric,
    installedAs: (fn) => installed.get(fn),
    setterFlushes: (symbol, arch) => facts.setters.find((s) => s.symbol === symbol && s.arch === arch)?.flushes,
    flagsMasks: masks,
  };
}

/**
 * A later kernel written as the changes to an earlier one: numbers the later
 * kernel adds (a symbol already present takes the new row), aops, mask and
 * setters replacing those of the same variable / arch and symbol. What no
 * change names keeps the earlier kernel's fact and its source.
 */
export function laterFacts(
  earlier: KernelFacts,
  change: { kernel: string; source: string; numbers?: BaseNumber[]; aops?: KernelFacts['aops']; flagsMask?: FlagsMask; setters?: KernelFacts['setters']; highest?: KernelFacts['highest'] },
): KernelFacts {
  const numbers = new Map(earlier.numbers.map((n) => [n.symbol, n] as const));
  for (const n of change.numbers ?? []) numbers.set(n.symbol, n);
  const aops = new Map(earlier.aops.map((a) => [a.variable, a] as const));
  for (const a of change.aops ?? []) aops.set(a.variable, a);
  const setters = new Map(earlier.setters.map((s) => [`${s.arch}:${s.symbol}`, s] as const));
  for (const s of change.setters ?? []) setters.set(`${s.arch}:${s.symbol}`, s);
  const out: KernelFacts = {
    kernel: change.kernel,
    source: change.source,
    numbers: [...numbers.values()],
    aops: [...aops.values()],
    setters: [...setters.values()],
  };
  const mask = change.flagsMask ?? earlier.flagsMask;
  if (mask) out.flagsMask = mask;
  const highest = { ...earlier.highest, ...change.highest };
  if (Object.keys(highest).length) out.highest = highest;
  if (earlier.bitmaps) out.bitmaps = earlier.bitmaps;
  return out;
}

/**
 * The mask a creation check tests flags against: `flags & ~valid_flags` (a
 * variable) or `flags & ~kvm_gmem_get_supported_flags(kvm)` (a helper). The
 * extraction finds the base's mask this way; a rule finds a series' own.
 */
export function flagsMaskIn(text: string): { name: string; call: boolean } | undefined {
  const m = /\bflags\s*&\s*~\s*\(?\s*([A-Za-z_]\w*)\s*(\()?/.exec(text);
  return m ? { name: m[1]!, call: m[2] !== undefined } : undefined;
}
