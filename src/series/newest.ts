import { RecentMap, RECENT_SERIES } from '../common/index.js';
import { buildSeries, type Building } from './building.js';
import type { Series } from './types.js';
import { versionKeys } from './version-key.js';

/** Keeps the newest version of each series (versionKeys); the last one on a tie. */
export function newestVersions(series: Series[], versionKey = versionKeys()): Series[] {
  const best = new Map<string, Series>();
  for (const s of series) {
    const k = versionKey(s);
    const cur = best.get(k);
    if (!cur || s.version >= cur.version) best.set(k, s);
  }
  const keep = new Set(best.values());
  return series.filter((s) => keep.has(s));
}

/** Which finished series a streaming run emits: every one, or only the newest version of each. */
export class NewestOnly {
  /** Newest version emitted so far per series key, when only the newest is wanted. */
  private readonly emitted = new RecentMap<string, number>(RECENT_SERIES);
  private readonly versionKey = versionKeys();

  constructor(private readonly allVersions: boolean) {}

  /** `s`, finished from `b`, leaves the window: emitted unless a newer version was emitted or is still pending. */
  admit(s: Series, b: Building, pending: readonly Building[]): boolean {
    const key = this.versionKey(s);
    const newerPending = pending.some((o) => o !== b && o.version > b.version && this.versionKey(buildSeries(o)) === key);
    if (this.allVersions || (!newerPending && (this.emitted.get(key) ?? 0) <= s.version)) {
      this.emitted.set(key, Math.max(s.version, this.emitted.get(key) ?? 0));
      return true;
    }
    return false;
  }

  /** Of the series still pending at the end, those to emit. */
  atFinish(series: Series[]): Series[] {
    return this.allVersions ? series : newestVersions(series, this.versionKey).filter((s) => (this.emitted.get(this.versionKey(s)) ?? 0) <= s.version);
  }
}
