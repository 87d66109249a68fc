import { quote, RecentMap, RECENT_SERIES, sameAddress, type Diagnostic, type Person } from '../common/index.js';
import type { Message } from '../mail/index.js';
import type { PatchBodyParts } from './body.js';
import type { SeriesMeta } from './meta.js';
import { prepareMessage, type PreparedMessage } from './prepare.js';
import { looksLikePatchSubject } from './subject.js';
import type { AssembleOptions, AssembleResult, CoverLetter, Patch, Reply, Series, SubjectInfo } from './types.js';
import { versionKeys } from './version-key.js';

/**
 * A series is emitted once `completeWindow` further messages (default 200) touched
 * none of its mails and every patch 1..M is there, or after `idleWindow` (default
 * 1000) messages when it is still incomplete. Replies that arrive later than that
 * are reported as answering nothing. Only parsed records are kept, never raw mail.
 */
export interface StreamOptions extends AssembleOptions {
  idleWindow?: number;
  completeWindow?: number;
}

interface Building {
  seq: number;
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

interface Target {
  series: Building;
  /** 0 for the cover letter. */
  index: number;
}

interface Orphan {
  reply: Reply;
  ids: string[];
  seen: number;
  ordinal: number;
}

function sameTitle(p: Patch, info: SubjectInfo): boolean {
  return p.subjectInfo.title.trim().toLowerCase() === info.title.trim().toLowerCase();
}

function where(m: Message): { input: string; inputLine: number; messageId: string } {
  return { input: m.input, inputLine: m.line, messageId: m.messageId ?? `#${m.ordinal}` };
}

/** Ids that place a mail in a thread, nearest first (In-Reply-To, then References newest first). */
function upthread(m: Message): string[] {
  const ids: string[] = [];
  if (m.inReplyTo) ids.push(m.inReplyTo);
  for (let i = m.references.length - 1; i >= 0; i--) if (!ids.includes(m.references[i])) ids.push(m.references[i]);
  return ids.filter((id) => id !== m.messageId);
}

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

/**
 * Rebuilds series from mails as b4 and patchwork do: threads first, then N/M
 * counters, author and input order for mails without threading headers.
 */
export class SeriesAssembler {
  private readonly idleWindow: number;
  private readonly completeWindow: number;
  private readonly allVersions: boolean;
  private count = 0;
  private seq = 0;
  private pending: Building[] = [];
  /** Message-IDs of patches/covers and the ids they point to → their series. */
  private threadIndex = new Map<string, Building>();
  /** Message-IDs of patches, covers and attached replies → what they answer. */
  private targets = new Map<string, Target>();
  /** Root mails with no diff that a same-author patch may later claim as a naked cover. */
  private nakedCovers = new Map<string, { cover: CoverLetter; seen: number; message: Message }>();
  private orphans: Orphan[] = [];
  /** Highest version per cover/patch-1 title and author (a few bytes per series, for the last RECENT_SERIES). */
  private titles = new RecentMap<string, number>(RECENT_SERIES);
  private diagnostics: Diagnostic[] = [];
  /** Newest version emitted so far per series key, when only the newest is wanted. */
  private emittedVersions = new RecentMap<string, number>(RECENT_SERIES);
  private readonly versionKey = versionKeys();

  constructor(opts: StreamOptions = {}) {
    this.idleWindow = opts.idleWindow ?? 1000;
    this.completeWindow = opts.completeWindow ?? 200;
    this.allVersions = opts.allVersions ?? false;
  }

  /** Series still being assembled (what the assembler holds in memory besides small indexes). */
  get pendingSeries(): number {
    return this.pending.length;
  }

  /** The text work of each mail (prepareMessage), kept while the mail is held, e.g. a naked cover read as a reply later. */
  private prepared = new WeakMap<Message, PreparedMessage>();

  /**
   * Adds one mail; returns the series that became complete or idle with it.
   * `prepared` is prepareMessage(m) computed elsewhere (`--jobs` workers); the
   * result is the same.
   */
  push(m: Message, prepared: PreparedMessage = prepareMessage(m)): Series[] {
    this.prepared.set(m, prepared);
    this.count++;
    for (const d of m.diagnostics) this.diagnostics.push(d);
    // a message too large to read is its diagnostic, nothing more
    if (m.oversize !== undefined) return this.emitIdle();
    try {
      this.classify(m);
    } catch (e) {
      this.diagnostics.push({ severity: 'error', message: `could not assemble: ${(e as Error).message}`, ...where(m) });
    }
    return this.emitIdle();
  }

  /**
   * The diagnostics of the mails pushed so far, handed over once: a streaming
   * reader takes them after each push, so none is held for the whole run.
   */
  takeDiagnostics(): Diagnostic[] {
    const out = this.diagnostics;
    this.diagnostics = [];
    return out;
  }

  /** Emits everything still pending and the run's diagnostics (those not taken yet). */
  finish(): AssembleResult {
    this.retryOrphans(undefined, true);
    const series = this.pending.map((b) => this.finalize(b));
    this.pending = [];
    for (const o of this.orphans) this.orphanDiagnostic(o);
    this.orphans = [];
    for (const n of this.nakedCovers.values()) this.notAPatch(n.message, 'no patch in the input answers it');
    this.nakedCovers.clear();
    const kept = this.allVersions ? series : newestVersions(series, this.versionKey).filter((s) => (this.emittedVersions.get(this.versionKey(s)) ?? 0) <= s.version);
    const result: AssembleResult = { series: kept, diagnostics: this.diagnostics, messages: this.count };
    this.diagnostics = [];
    return result;
  }

  /** Every mail is prepared in push; the fallback only keeps a stray call from failing. */
  private prep(m: Message): PreparedMessage {
    return this.prepared.get(m) ?? prepareMessage(m);
  }

  private classify(m: Message): void {
    const pre = this.prep(m);
    const info = pre.info;
    if (info.isReply) return this.addReply(m);
    const parts = pre.parts!;
    if (parts.diffText) return this.addPatch(m, info, parts);
    if (pre.pullRequest) {
      this.diagnostics.push({ severity: 'info', message: `git pull request "${quote(m.subject)}", not a patch`, ...where(m) });
      return;
    }
    const patchLike = looksLikePatchSubject(info);
    if (patchLike && ((!info.counterInferred && info.index === 0) || (parts.diffstat && !m.inReplyTo))) {
      return this.addCover(m, info);
    }
    if (m.inReplyTo || m.references.length) return this.addReply(m);
    if (m.messageId) {
      const cover = this.coverOf(m, info);
      this.nakedCovers.set(m.messageId, { cover, seen: this.count, message: m });
      this.retryOrphans(m.messageId);
      return;
    }
    this.notAPatch(m, 'no diff');
  }

  private notAPatch(m: Message, why: string): void {
    this.diagnostics.push({ severity: 'info', message: `"${quote(m.subject)}" is not a patch (${why})`, ...where(m) });
  }

  private coverOf(m: Message, info: SubjectInfo): CoverLetter {
    return {
      messageId: m.messageId, subject: m.subject, subjectInfo: info, author: m.from, date: m.date,
      body: m.body, input: m.input, line: m.line, replies: [],
    };
  }

  private newBuilding(m: Message, info: SubjectInfo, totalKnown: boolean): Building {
    const b: Building = {
      seq: this.seq++, version: info.version, versionInferred: info.versionInferred, rfc: info.rfc,
      total: info.total, totalKnown, author: m.from, cover: null, patches: new Map(), patchMeta: new Map(),
      unthreaded: true, ids: new Set(), maxIndex: 0, lastTouched: this.count, firstInput: m.input,
      firstLine: m.line, diagnostics: [],
    };
    this.pending.push(b);
    return b;
  }

  /**
   * b4 numbers a second same-author series without vN as the next revision; here
   * "same series" is the same title (cover or patch 1) from the same address.
   */
  private nextRevision(b: Building, m: Message, info: SubjectInfo, after: number): void {
    const key = `${info.title.toLowerCase()}\u0000${m.from.address.toLowerCase()}`;
    const seen = Math.max(after, this.titles.get(key) ?? 0);
    if (info.versionInferred && !info.resend && seen > 0) {
      b.version = seen + 1;
      b.diagnostics.push({ severity: 'info', message: `"${quote(info.title)}" sent again by ${quote(m.from.address)} without vN: taken as v${b.version}`, ...where(m) });
    }
    // Only unlabeled series count: an explicit vN seen first says nothing about an unlabeled original.
    if (info.versionInferred) this.titles.set(key, Math.max(b.version, this.titles.get(key) ?? 0));
  }

  private register(b: Building, id: string | undefined, target?: Target): void {
    if (!id) return;
    if (!this.threadIndex.has(id) || target) {
      if (!this.threadIndex.has(id)) this.threadIndex.set(id, b);
      b.ids.add(id);
    }
    if (target) this.targets.set(id, target);
  }

  /** An inferred version is fixed by the cover or patch 1 (b4); once they are in, vN must match. */
  private versionFits(b: Building, info: SubjectInfo): boolean {
    if (info.versionInferred || b.version === info.version) return true;
    return b.versionInferred && !b.cover && !b.patches.has(1);
  }

  private adoptVersion(b: Building, info: SubjectInfo): void {
    if (b.versionInferred && !info.versionInferred) {
      b.version = info.version;
      b.versionInferred = false;
    }
    b.rfc ||= info.rfc;
  }

  private addCover(m: Message, info: SubjectInfo): void {
    let b: Building | undefined;
    for (const id of [m.messageId, ...upthread(m)]) {
      const cand = id ? this.threadIndex.get(id) : undefined;
      if (!cand || cand.cover) continue;
      if (!this.versionFits(cand, info) || (cand.totalKnown && !info.counterInferred && cand.total !== info.total)) continue;
      if (id !== m.messageId && cand.patches.size) continue;
      b = cand;
      break;
    }
    if (!b && !m.inReplyTo && !m.references.length) {
      // A patch without N/M is a whole one-patch series: a later 0/N from the same
      // author starts its own series rather than adopting it (seen on list archives
      // where "[PATCH v3] x" is followed by "[PATCH v3 0/6] y").
      b = this.byMarkers(m, info, (c) => !c.cover && (c.totalKnown || c.patches.size === 0));
    }
    if (b) this.adoptVersion(b, info);
    else {
      b = this.newBuilding(m, info, !info.counterInferred);
      this.nextRevision(b, m, info, 0);
    }
    if (!b.totalKnown && !info.counterInferred) {
      b.total = info.total;
      b.totalKnown = true;
    }
    b.cover = this.coverOf(m, info);
    b.coverMeta = this.prep(m).meta!;
    b.author = m.from;
    b.lastTouched = this.count;
    if (b.patches.size) b.diagnostics.push({ severity: 'info', message: 'cover letter arrived after its patches', ...where(m) });
    if (m.inReplyTo || m.references.length) b.unthreaded = false;
    this.register(b, m.messageId, { series: b, index: 0 });
    this.retryOrphans(m.messageId);
  }

  /** The newest pending series from the same author with the same counters and version. */
  private byMarkers(m: Message, info: SubjectInfo, extra: (b: Building) => boolean): Building | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const b = this.pending[i];
      if (!b.unthreaded || !sameAddress(b.author, m.from)) continue;
      // An auto-numbered revision (second 1/M without vN) takes the following unnumbered patches.
      if (b.version !== info.version && !(info.versionInferred && b.versionInferred)) continue;
      if (b.totalKnown && b.total !== info.total) continue;
      if (extra(b)) return b;
    }
    return undefined;
  }

  private addPatch(m: Message, info: SubjectInfo, parts: PatchBodyParts): void {
    const threaded = Boolean(m.inReplyTo || m.references.length);
    const patch: Patch = {
      index: info.index, total: info.total, subject: m.subject, subjectInfo: info, messageId: m.messageId,
      author: m.from, date: m.date, commitMessage: parts.commitMessage, trailers: parts.trailers,
      diffText: parts.diffText, diffBodyLine: parts.diffBodyLine, input: m.input, line: m.line,
      ordinal: m.ordinal, bodyLine: m.bodyLine, to: m.to, cc: m.cc, replies: [], diagnostics: [],
    };
    let b: Building | undefined;
    let reroll: Building | undefined;
    let newRevisionOf: Building | undefined;
    for (const id of [m.messageId, ...upthread(m)]) {
      const cand = id ? this.threadIndex.get(id) : undefined;
      if (!cand || cand === b) continue;
      const target = id ? this.targets.get(id) : undefined;
      if (!this.versionFits(cand, info)) {
        if (target && target.index > 0 && cand.total === info.total && cand.version < info.version) reroll ??= cand;
        continue;
      }
      if (info.counterInferred && cand.totalKnown && cand.total > 1) continue;
      if (cand.totalKnown && !info.counterInferred && cand.total !== info.total) continue;
      const taken = cand.patches.get(info.index);
      if (taken) {
        if (this.isDuplicate(taken, patch)) return this.duplicate(m, cand);
        if (info.index === 1 && sameAddress(taken.author, m.from)) newRevisionOf ??= cand;
        continue;
      }
      b = cand;
      break;
    }
    if (!b && !threaded) {
      b = this.byMarkers(m, info, (c) => {
        const taken = c.patches.get(info.index);
        if (!taken) return true;
        if (this.isDuplicate(taken, patch)) {
          this.duplicate(m, c);
          return false;
        }
        // b4 reads one thread, where a second 1/M is a reroll; an archive holds many
        // series, so an unthreaded one is a reroll only under the same title
        if (info.index === 1 && sameTitle(taken, info)) newRevisionOf ??= c;
        return false;
      });
      if (!b && this.isDuplicateOfAny(m, patch)) return;
    }
    if (!b) {
      const naked = this.nakedCoverFor(m, info);
      b = this.newBuilding(m, info, !info.counterInferred);
      if (newRevisionOf && info.versionInferred) {
        this.nextRevision(b, m, info, newRevisionOf.version);
      } else if (newRevisionOf && info.version === newRevisionOf.version) {
        b.diagnostics.push({ severity: 'warning', message: `patch ${info.index}/${info.total} sent again with different content: kept as a separate series`, ...where(m) });
      } else if (info.index === 1) this.nextRevision(b, m, info, 0);
      if (naked) {
        b.cover = naked;
        this.register(b, naked.messageId, { series: b, index: 0 });
        for (const r of naked.replies) this.register(b, r.messageId, { series: b, index: 0 });
      }
    }
    if (reroll && reroll !== b) b.rerollOf ??= reroll;
    this.adoptVersion(b, info);
    if (!b.totalKnown && !info.counterInferred) {
      b.total = info.total;
      b.totalKnown = true;
    }
    if (threaded) b.unthreaded = false;
    if (info.index < b.maxIndex) {
      b.diagnostics.push({ severity: 'info', message: `patch ${info.index}/${info.total} arrived after patch ${b.maxIndex}`, ...where(m) });
    }
    if (b.totalKnown && (info.index > b.total || info.index < 1)) {
      b.diagnostics.push({ severity: 'warning', message: `patch ${info.index}/${info.total} is outside the announced 1..${b.total}`, ...where(m) });
    }
    b.maxIndex = Math.max(b.maxIndex, info.index);
    b.patches.set(info.index, patch);
    b.patchMeta.set(info.index, this.prep(m).meta!);
    b.lastTouched = this.count;
    this.register(b, m.messageId, { series: b, index: info.index });
    for (const id of upthread(m)) {
      const other = this.threadIndex.get(id);
      if (other && other !== b && this.canMerge(b, other)) b = this.merge(b, other);
      else this.register(b, id);
    }
    this.retryOrphans(m.messageId);
  }

  /**
   * Two partial series turn out to be one when a late mail links them (2/2 read
   * before 1/2, whose References name the cover read earlier still).
   */
  private canMerge(a: Building, b: Building): boolean {
    if (a.cover && b.cover) return false;
    if (a.totalKnown && b.totalKnown && a.total !== b.total) return false;
    if (a.version !== b.version && !a.versionInferred && !b.versionInferred) return false;
    return [...a.patches.keys()].every((i) => !b.patches.has(i));
  }

  private merge(from: Building, into: Building): Building {
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
    into.lastTouched = this.count;
    into.diagnostics.push(...from.diagnostics);
    for (const id of from.ids) {
      into.ids.add(id);
      if (this.threadIndex.get(id) === from) this.threadIndex.set(id, into);
      const t = this.targets.get(id);
      if (t?.series === from) this.targets.set(id, { series: into, index: t.index });
    }
    this.pending = this.pending.filter((x) => x !== from);
    return into;
  }

  private nakedCoverFor(m: Message, info: SubjectInfo): CoverLetter | undefined {
    const root = m.references[0] ?? m.inReplyTo;
    const cand = root ? this.nakedCovers.get(root) : undefined;
    if (!root || !cand || !sameAddress(cand.cover.author, m.from)) return undefined;
    this.nakedCovers.delete(root);
    cand.cover.subjectInfo = { ...cand.cover.subjectInfo, index: 0, total: info.total, version: info.version };
    return cand.cover;
  }

  private isDuplicate(a: Patch, b: Patch): boolean {
    if (a.messageId && b.messageId) return a.messageId === b.messageId;
    return a.diffText === b.diffText && a.subject === b.subject;
  }

  private isDuplicateOfAny(m: Message, patch: Patch): boolean {
    if (!m.messageId) return false;
    const t = this.targets.get(m.messageId);
    if (!t || t.index === 0) return false;
    const seen = t.series.patches.get(t.index);
    if (seen && this.isDuplicate(seen, patch)) {
      this.duplicate(m, t.series);
      return true;
    }
    return false;
  }

  private duplicate(m: Message, b: Building): void {
    b.lastTouched = this.count;
    b.diagnostics.push({ severity: 'warning', message: `duplicate of a mail already read ("${quote(m.subject)}"), ignored`, ...where(m) });
  }

  private replyOf(m: Message): Reply {
    const parsed = this.prep(m).reply!;
    return {
      messageId: m.messageId, inReplyTo: m.inReplyTo, subject: m.subject, author: m.from, date: m.date,
      input: m.input, line: m.line, comments: parsed.comments, trailers: parsed.trailers, body: m.body,
    };
  }

  private addReply(m: Message): void {
    if (m.messageId && this.targets.has(m.messageId)) {
      const t = this.targets.get(m.messageId);
      t?.series.diagnostics.push({ severity: 'warning', message: `duplicate of a mail already read ("${quote(m.subject)}"), ignored`, ...where(m) });
      return;
    }
    const reply = this.replyOf(m);
    const ids = upthread(m);
    // Only the mail named in In-Reply-To is tried now: if it has not arrived yet, walking up
    // would put a reply to a late patch on the cover. The walk up happens at the end.
    if (this.attach(reply, ids.slice(0, 1))) return;
    if (!ids.length) {
      this.diagnostics.push({ severity: 'info', message: `reply "${quote(m.subject)}" has no In-Reply-To or References`, ...where(m) });
      return;
    }
    this.orphans.push({ reply, ids, seen: this.count, ordinal: m.ordinal });
  }

  private attach(reply: Reply, ids: string[]): boolean {
    for (const id of ids) {
      const t = this.targets.get(id);
      if (t) {
        const to = t.index === 0 ? t.series.cover : t.series.patches.get(t.index);
        if (!to) continue;
        to.replies.push(reply);
        t.series.lastTouched = this.count;
        if (reply.messageId && !this.targets.has(reply.messageId)) {
          this.targets.set(reply.messageId, t);
          t.series.ids.add(reply.messageId);
          this.retryOrphans(reply.messageId);
        }
        return true;
      }
      const naked = this.nakedCovers.get(id);
      if (naked) {
        naked.cover.replies.push(reply);
        return true;
      }
    }
    return false;
  }

  /**
   * Replies read before what they answer: attached once the mail they name in
   * In-Reply-To (or a reply to it) arrives; only at the end are they walked up
   * to an ancestor, so a reply to a late patch does not land on the cover.
   */
  private retryOrphans(id: string | undefined, walkUp = false): void {
    if ((!id && !walkUp) || !this.orphans.length) return;
    const idsOf = (o: Orphan): string[] => (walkUp ? o.ids : o.ids.slice(0, 1));
    for (;;) {
      const ready = this.orphans.find((o) => idsOf(o).some((x) => this.targets.has(x) || this.nakedCovers.has(x)));
      if (!ready) return;
      // Taken out first: attaching may retry orphans again (replies to this reply).
      this.orphans = this.orphans.filter((o) => o !== ready);
      if (!this.attach(ready.reply, idsOf(ready))) this.orphanDiagnostic(ready);
      else {
        const r = ready.reply;
        this.diagnostics.push({ severity: 'info', message: `reply "${quote(r.subject)}" was read before the mail it answers`, input: r.input, inputLine: r.line, messageId: r.messageId ?? `#${ready.ordinal}` });
      }
    }
  }

  private orphanDiagnostic(o: Orphan): void {
    this.diagnostics.push({
      severity: 'info', message: `reply "${quote(o.reply.subject)}" answers no patch or cover letter in the input`,
      input: o.reply.input, inputLine: o.reply.line, messageId: o.reply.messageId ?? `#${o.ordinal}`,
    });
  }

  private emitIdle(): Series[] {
    const out: Series[] = [];
    if (this.orphans.some((o) => this.count - o.seen >= this.idleWindow)) this.retryOrphans(undefined, true);
    this.orphans = this.orphans.filter((o) => {
      if (this.count - o.seen < this.idleWindow) return true;
      this.orphanDiagnostic(o);
      return false;
    });
    for (const [id, n] of this.nakedCovers) {
      if (this.count - n.seen < this.idleWindow) continue;
      this.nakedCovers.delete(id);
      this.notAPatch(n.message, 'no patch answered it');
    }
    const stay: Building[] = [];
    for (const b of this.pending) {
      const idle = this.count - b.lastTouched;
      const complete = (): boolean => b.patches.size >= b.total && [...Array(b.total).keys()].every((i) => b.patches.has(i + 1));
      if (idle >= this.idleWindow || (idle >= this.completeWindow && complete())) {
        const s = this.finalize(b);
        const key = this.versionKey(s);
        const newerPending = this.pending.some((o) => o !== b && o.version > b.version && this.versionKey(this.peek(o)) === key);
        if (this.allVersions || (!newerPending && (this.emittedVersions.get(key) ?? 0) <= s.version)) {
          this.emittedVersions.set(key, Math.max(s.version, this.emittedVersions.get(key) ?? 0));
          out.push(s);
        }
      } else stay.push(b);
    }
    this.pending = stay;
    return out;
  }

  /** Title/author/change-id of a pending series without finalizing it. */
  private peek(b: Building): Series {
    return this.build(b);
  }

  private finalize(b: Building): Series {
    for (const id of b.ids) {
      if (this.threadIndex.get(id) === b) this.threadIndex.delete(id);
      if (this.targets.get(id)?.series === b) this.targets.delete(id);
    }
    if (b.rerollOf) {
      const older = b.rerollOf;
      // A partial reroll is the same series: it keeps the older revision's title unless it has its own cover.
      if (!b.cover) b.title = this.build(older).title;
      for (let i = 1; i <= b.total; i++) {
        const p = older.patches.get(i);
        if (b.patches.has(i) || !p) continue;
        b.patches.set(i, p);
        b.diagnostics.push({ severity: 'info', message: `partial reroll: patch ${i}/${b.total} taken from v${older.version}`, input: p.input, inputLine: p.line, messageId: p.messageId ?? `#${p.ordinal}` });
      }
    }
    const s = this.build(b);
    if (s.missing.length) {
      const which = s.missing.map((i) => `${i}/${s.total}`).join(', ');
      s.diagnostics.push({
        severity: 'warning', message: `thread incomplete: "${quote(s.title)}" v${s.version} lacks patch${s.missing.length > 1 ? 'es' : ''} ${which}`,
        input: b.firstInput, inputLine: b.firstLine, messageId: s.cover?.messageId ?? s.patches[0]?.messageId ?? `#${s.patches[0]?.ordinal ?? 0}`,
      });
    }
    return s;
  }

  private build(b: Building): Series {
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
}

/** Reads every mail, then returns the series (only the newest version of each unless `allVersions`). */
export async function assembleSeries(
  messages: Iterable<Message> | AsyncIterable<Message>,
  opts: AssembleOptions = {},
): Promise<AssembleResult> {
  // Windows are unbounded here: the whole input is read before anything is returned.
  const a = new SeriesAssembler({ allVersions: true, idleWindow: Infinity, completeWindow: Infinity });
  const series: Series[] = [];
  for await (const m of messages) series.push(...a.push(m));
  const rest = a.finish();
  series.push(...rest.series);
  return { ...rest, series: opts.allVersions ? series : newestVersions(series) };
}
