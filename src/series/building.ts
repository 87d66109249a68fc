import { quote, type Diagnostic, type Person } from '../common/index.js';
import type { Message } from '../mail/index.js';
import type { SeriesMeta } from './meta.js';
import type { CoverLetter, Patch, Series, SubjectInfo } from './types.js';

/** A series while its mails are still arriving; becomes a Series when it leaves the emission window. */
export interface Building {
  version: number;
  versionInferred: boolean;
  rfc: boolean;
  total: number;
  totalKnown: boolean;
  author: Person;
  cover: CoverLetter | null;
  coverMeta?: SeriesMeta;
  patches: Map<number, Patch>;
  patchMeta: Map<number, SeriesMeta>;
  /** Only patches without In-Reply-To/References so far: markers may join more. */
  unthreaded: boolean;
  /** Older revision whose patches this one answers (b4's partial reroll). */
  rerollOf?: Building;
  ids: Set<string>;
  /** Set for a partial reroll, which inherits the older revision's title. */
  title?: string;
  maxIndex: number;
  lastTouched: number;
  firstInput: string;
  firstLine: number;
  diagnostics: Diagnostic[];
}

export function where(m: Message): { input: string; inputLine: number; messageId: string } {
  return { input: m.input, inputLine: m.line, messageId: m.messageId ?? `#${m.ordinal}` };
}

export function newBuilding(m: Message, info: SubjectInfo, totalKnown: boolean, now: number): Building {
  return {
    version: info.version, versionInferred: info.versionInferred, rfc: info.rfc,
    total: info.total, totalKnown, author: m.from, cover: null, patches: new Map(), patchMeta: new Map(),
    unthreaded: true, ids: new Set(), maxIndex: 0, lastTouched: now, firstInput: m.input,
    firstLine: m.line, diagnostics: [],
  };
}

/** A total given by N/M counters is kept; an inferred one (no counters) never overrides it. */
export function adoptTotal(b: Building, info: SubjectInfo): void {
  if (!b.totalKnown && !info.counterInferred) {
    b.total = info.total;
    b.totalKnown = true;
  }
}

/** Every patch 1..M is there. */
export function isComplete(b: Building): boolean {
  return b.patches.size >= b.total && [...Array(b.total).keys()].every((i) => b.patches.has(i + 1));
}

/**
 * Two partial series turn out to be one when a late mail links them (2/2 read
 * before 1/2, whose References name the cover read earlier still).
 */
export function canMerge(a: Building, b: Building): boolean {
  if (a.cover && b.cover) return false;
  if (a.totalKnown && b.totalKnown && a.total !== b.total) return false;
  if (a.version !== b.version && !a.versionInferred && !b.versionInferred) return false;
  return [...a.patches.keys()].every((i) => !b.patches.has(i));
}

/** Moves the mails and what is known of `from` into `into`; the ids are moved by the thread index. */
export function mergeInto(from: Building, into: Building, now: number): void {
  for (const [i, p] of from.patches) into.patches.set(i, p);
  for (const [i, meta] of from.patchMeta) into.patchMeta.set(i, meta);
  if (!into.cover && from.cover) {
    into.cover = from.cover;
    into.coverMeta = from.coverMeta;
    into.author = from.author;
  }
  if (into.versionInferred && !from.versionInferred) {
    into.version = from.version;
    into.versionInferred = false;
  }
  if (!into.totalKnown && from.totalKnown) {
    into.total = from.total;
    into.totalKnown = true;
  }
  into.rfc ||= from.rfc;
  into.unthreaded &&= from.unthreaded;
  into.rerollOf ??= from.rerollOf;
  into.maxIndex = Math.max(into.maxIndex, from.maxIndex);
  into.lastTouched = now;
  into.diagnostics.push(...from.diagnostics);
}

/** The Series as it stands; used both to emit and to peek at title/author/change-id of a pending one. */
export function buildSeries(b: Building): Series {
  const patches = [...b.patches.values()].sort((x, y) => x.index - y.index);
  const missing: number[] = [];
  for (let i = 1; i <= b.total; i++) if (!b.patches.has(i)) missing.push(i);
  const last = b.patchMeta.get(b.total) ?? b.patchMeta.get(Math.max(0, ...b.patchMeta.keys()));
  const meta = { ...(last ?? { prerequisitePatchIds: [] }) };
  if (b.coverMeta) {
    meta.baseCommit = b.coverMeta.baseCommit ?? meta.baseCommit;
    meta.changeId = b.coverMeta.changeId ?? meta.changeId;
    if (b.coverMeta.prerequisitePatchIds.length) meta.prerequisitePatchIds = b.coverMeta.prerequisitePatchIds;
  }
  const first = b.patches.get(1) ?? patches[0];
  const title = b.title || b.cover?.subjectInfo.title || first?.subjectInfo.title || b.cover?.subject || first?.subject || '(untitled)';
  return {
    id: `${title} v${b.version}`, title, version: b.version, rfc: b.rfc, cover: b.cover, patches,
    total: b.total, missing, baseCommit: meta.baseCommit, prerequisitePatchIds: meta.prerequisitePatchIds,
    changeId: meta.changeId, author: b.cover?.author ?? first?.author ?? b.author, diagnostics: [...b.diagnostics],
  };
}

/** The Series emitted for `b`, with a warning naming the patches that never arrived. */
export function finishedSeries(b: Building): Series {
  const s = buildSeries(b);
  if (s.missing.length) {
    const which = s.missing.map((i) => `${i}/${s.total}`).join(', ');
    s.diagnostics.push({
      severity: 'warning', message: `thread incomplete: "${quote(s.title)}" v${s.version} lacks patch${s.missing.length > 1 ? 'es' : ''} ${which}`,
      input: b.firstInput, inputLine: b.firstLine, messageId: s.cover?.messageId ?? s.patches[0]?.messageId ?? `#${s.patches[0]?.ordinal ?? 0}`,
    });
  }
  return s;
}
