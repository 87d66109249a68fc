import { quote, RecentMap, RECENT_SERIES } from '../common/index.js';
import type { Message } from '../mail/index.js';
import { buildSeries, where, type Building } from './building.js';
import type { Patch, SubjectInfo } from './types.js';

/** An inferred version is fixed by the cover or patch 1 (b4); once they are in, vN must match. */
export function versionFits(b: Building, info: SubjectInfo): boolean {
  if (info.versionInferred || b.version === info.version) return true;
  return b.versionInferred && !b.cover && !b.patches.has(1);
}

export function adoptVersion(b: Building, info: SubjectInfo): void {
  if (b.versionInferred && !info.versionInferred) {
    b.version = info.version;
    b.versionInferred = false;
  }
  b.rfc ||= info.rfc;
}

export function sameTitle(p: Patch, info: SubjectInfo): boolean {
  return p.subjectInfo.title.trim().toLowerCase() === info.title.trim().toLowerCase();
}

/**
 * b4 numbers a second same-author series without vN as the next revision; here
 * "same series" is the same title (cover or patch 1) from the same address.
 */
export class RevisionNumbers {
  /** Highest version per cover/patch-1 title and author (a few bytes per series, for the last RECENT_SERIES). */
  private readonly titles = new RecentMap<string, number>(RECENT_SERIES);

  /** Numbers `b`, just started by `m`, after revision `after` and any seen before under its title. */
  next(b: Building, m: Message, info: SubjectInfo, after: number): void {
    const key = `${info.title.toLowerCase()}\u0000${m.from.address.toLowerCase()}`;
    const seen = Math.max(after, this.titles.get(key) ?? 0);
    if (info.versionInferred && !info.resend && seen > 0) {
      b.version = seen + 1;
      b.diagnostics.push({ severity: 'info', message: `"${quote(info.title)}" sent again by ${quote(m.from.address)} without vN: taken as v${b.version}`, ...where(m) });
    }
    // Only unlabeled series count: an explicit vN seen first says nothing about an unlabeled original.
    if (info.versionInferred) this.titles.set(key, Math.max(b.version, this.titles.get(key) ?? 0));
  }

  /** Numbers `b`, started by patch `m`; `resentOf` is a pending series where the same author's patch 1 is taken already. */
  startedByPatch(b: Building, m: Message, info: SubjectInfo, resentOf: Building | undefined): void {
    if (resentOf && info.versionInferred) {
      this.next(b, m, info, resentOf.version);
    } else if (resentOf && info.version === resentOf.version) {
      b.diagnostics.push({ severity: 'warning', message: `patch ${info.index}/${info.total} sent again with different content: kept as a separate series`, ...where(m) });
    } else if (info.index === 1) this.next(b, m, info, 0);
  }
}

/** A partial reroll is the same series: it takes the patches it did not resend from the older revision. */
export function takeFromOlderRevision(b: Building): void {
  if (!b.rerollOf) return;
  const older = b.rerollOf;
  // it keeps the older revision's title unless it has its own cover
  if (!b.cover) b.title = buildSeries(older).title;
  for (let i = 1; i <= b.total; i++) {
    const p = older.patches.get(i);
    if (b.patches.has(i) || !p) continue;
    b.patches.set(i, p);
    b.diagnostics.push({ severity: 'info', message: `partial reroll: patch ${i}/${b.total} taken from v${older.version}`, input: p.input, inputLine: p.line, messageId: p.messageId ?? `#${p.ordinal}` });
  }
}
