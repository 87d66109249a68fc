import type { DiffSeries } from '../diff/index.js';
import type { Concept, Location, Model, Role, Touch } from './types.js';
import { registryNumber, registryNumberText, registryOf } from './numbers.js';
import { statusText } from './version.js';

export interface FlagSummary {
  symbol: string;
  registry?: string;
  /** The value as written, e.g. `(1ULL << 2)`. */
  value?: string;
  /** `bit 2`, `0xd4`, `236`. */
  number?: string;
  /** Model status when the symbol is known (`rfc-only 2024`), else `new`. */
  status: string;
  /** Other claims of the same number in the model, with their status. */
  alsoClaimedBy: string[];
  location: Location;
}

export interface SiteSummary {
  symbol: string;
  function?: string;
  detail?: string;
  location: Location;
}

export interface SeriesSummary {
  series: string;
  /** Touch counts per concept. */
  concepts: Partial<Record<Concept, number>>;
  newFlags: FlagSummary[];
  /** Functions of GUP paths touched (pins, refusals, GUP flags checked). */
  gupPaths: SiteSummary[];
  removals: SiteSummary[];
  restores: SiteSummary[];
  flushes: SiteSummary[];
  asiAnnotations: SiteSummary[];
  documented: string[];
  tested: string[];
}

const GUP_ROLES: ReadonlySet<Role> = new Set(['pin', 'refuse', 'check-flag']);
const GUP_CONCEPTS: ReadonlySet<Concept> = new Set(['gup', 'secretmem', 'kpe-2020']);

/** GUP paths: pins, refusals and GUP-relevant flag checks, including the no-direct-map generalisation (GUP-07). */
function isGupPath(t: Touch): boolean {
  return GUP_ROLES.has(t.role) && (GUP_CONCEPTS.has(t.concept) || /no_direct_map|NO_DIRECT_MAP|inaccessible|INACCESSIBLE/.test(t.symbol));
}

function belongs(series: DiffSeries, t: Touch): boolean {
  return series.patches.some((p) => p.index === t.location.patchIndex && p.subject === t.location.subject && (p.messageId ?? undefined) === (t.location.messageId ?? undefined));
}

function site(t: Touch): SiteSummary {
  const s: SiteSummary = { symbol: t.symbol, location: t.location };
  if (t.location.function) s.function = t.location.function;
  if (t.detail) s.detail = t.detail;
  return s;
}

/** What a reviewer wants first: new numbers, GUP paths, where the direct map is removed and restored, ASI annotations. */
export function summarizeSeries(series: DiffSeries, touches: Touch[], model: Model): SeriesSummary {
  const mine = touches.filter((t) => belongs(series, t));
  const added = mine.filter((t) => t.location.side === 'new');
  const concepts: Partial<Record<Concept, number>> = {};
  for (const t of mine) concepts[t.concept] = (concepts[t.concept] ?? 0) + 1;
  const newFlags = added.filter((t) => t.role === 'define-flag').map((t): FlagSummary => {
    const entry = model.bySymbol.get(t.symbol);
    const value = /^\s*#\s*define\s+\w+\s+(.+?)\s*(?:\/\*.*)?$/.exec(t.location.text)?.[1] ?? /=\s*([^,]+?)\s*,?\s*(?:\/\*.*)?$/.exec(t.location.text)?.[1];
    const registry = entry?.registry ?? registryOf(t.symbol, value ?? '');
    const numeric = registry && value ? registryNumber(registry, value) : undefined;
    const f: FlagSummary = { symbol: t.symbol, status: entry ? statusText(entry.status) : 'new', alsoClaimedBy: [], location: t.location };
    if (registry) f.registry = registry;
    if (value) f.value = value;
    if (registry && numeric !== undefined && value) {
      f.number = registryNumberText(registry, numeric, value);
      f.alsoClaimedBy = model.claims.filter((c) => c.registry === registry && c.numeric === numeric && c.symbol !== t.symbol).map((c) => `${c.symbol} (${statusText(c.status)})`);
    }
    return f;
  });
  return {
    series: series.id,
    concepts,
    newFlags,
    gupPaths: dedupe(mine.filter(isGupPath).map(site)),
    removals: added.filter((t) => t.role === 'remove').map(site),
    restores: added.filter((t) => t.role === 'restore').map(site),
    flushes: added.filter((t) => t.role === 'flush').map(site),
    asiAnnotations: added.filter((t) => t.concept === 'asi' && (t.role === 'annotate' || t.role === 'enter' || t.role === 'exit')).map(site),
    documented: [...new Set(mine.filter((t) => t.role === 'document').map((t) => t.symbol))],
    tested: [...new Set(mine.filter((t) => t.role === 'test').map((t) => t.symbol))],
  };
}

/** One site per function and symbol: a GUP path is a function, not every line of it. */
function dedupe(sites: SiteSummary[]): SiteSummary[] {
  const seen = new Set<string>();
  return sites.filter((s) => {
    const k = `${s.location.file}\u0000${s.function ?? s.location.line}\u0000${s.symbol}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
