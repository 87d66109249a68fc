import { quote, sameAddress, type Diagnostic } from '../common/index.js';
import type { Message } from '../mail/index.js';
import type { PatchBodyParts } from './body.js';
import { adoptTotal, canMerge, finishedSeries, mergeInto, newBuilding, where, type Building } from './building.js';
import { NakedCovers } from './naked-covers.js';
import { newestVersions, NewestOnly } from './newest.js';
import { OrphanReplies } from './orphan-replies.js';
import { prepareMessage, type PreparedMessage } from './prepare.js';
import { coverOf, isDuplicate, patchOf } from './records.js';
import { adoptVersion, RevisionNumbers, sameTitle, takeFromOlderRevision, versionFits } from './revisions.js';
import { looksLikePatchSubject } from './subject.js';
import { ThreadIndex, upthread } from './thread-index.js';
import type { AssembleOptions, AssembleResult, Patch, Series, SubjectInfo } from './types.js';
import { EmissionWindow } from './window.js';

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

/** What the search for a patch's series found. */
interface Found {
  series?: Building;
  /** An older revision with a patch this one answers (b4's partial reroll). */
  reroll?: Building;
  /** A series whose patch 1 from the same author is taken already: this patch starts a new revision. */
  newRevisionOf?: Building;
}

/**
 * Rebuilds series from mails as b4 and patchwork do: threads first, then N/M
 * counters, author and input order for mails without threading headers.
 */
export class SeriesAssembler {
  private readonly window: EmissionWindow;
  private count = 0;
  private readonly index = new ThreadIndex();
  private readonly nakedCovers = new NakedCovers((m, why) => this.notAPatch(m, why));
  private readonly replies = new OrphanReplies(this.index, this.nakedCovers, () => this.count, (d) => this.diagnostics.push(d));
  private readonly revisions = new RevisionNumbers();
  private diagnostics: Diagnostic[] = [];
  private readonly newest: NewestOnly;

  constructor(opts: StreamOptions = {}) {
    this.window = new EmissionWindow(opts.idleWindow ?? 1000, opts.completeWindow ?? 200);
    this.newest = new NewestOnly(opts.allVersions ?? false);
  }

  /** Series still being assembled (what the assembler holds in memory besides small indexes). */
  get pendingSeries(): number {
    return this.window.size;
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
    this.replies.retry(undefined, true);
    const series = this.window.takeAll().map((b) => this.finalize(b));
    this.replies.drain();
    this.nakedCovers.drain();
    const result: AssembleResult = { series: this.newest.atFinish(series), diagnostics: this.diagnostics, messages: this.count };
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
      const cover = coverOf(m, info);
      this.nakedCovers.hold(m.messageId, cover, m, this.count);
      this.replies.retry(m.messageId);
      return;
    }
    this.notAPatch(m, 'no diff');
  }

  private notAPatch(m: Message, why: string): void {
    this.diagnostics.push({ severity: 'info', message: `"${quote(m.subject)}" is not a patch (${why})`, ...where(m) });
  }

  private newBuilding(m: Message, info: SubjectInfo, totalKnown: boolean): Building {
    const b = newBuilding(m, info, totalKnown, this.count);
    this.window.open(b);
    return b;
  }

  private addCover(m: Message, info: SubjectInfo): void {
    let b: Building | undefined;
    for (const id of [m.messageId, ...upthread(m)]) {
      const cand = this.index.seriesOf(id);
      if (!cand || cand.cover) continue;
      if (!versionFits(cand, info) || (cand.totalKnown && !info.counterInferred && cand.total !== info.total)) continue;
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
    if (b) adoptVersion(b, info);
    else {
      b = this.newBuilding(m, info, !info.counterInferred);
      this.revisions.next(b, m, info, 0);
    }
    adoptTotal(b, info);
    b.cover = coverOf(m, info);
    b.coverMeta = this.prep(m).meta!;
    b.author = m.from;
    b.lastTouched = this.count;
    if (b.patches.size) b.diagnostics.push({ severity: 'info', message: 'cover letter arrived after its patches', ...where(m) });
    if (m.inReplyTo || m.references.length) b.unthreaded = false;
    this.index.register(b, m.messageId, { series: b, index: 0 });
    this.replies.retry(m.messageId);
  }

  /** The newest pending series from the same author with the same counters and version. */
  private byMarkers(m: Message, info: SubjectInfo, extra: (b: Building) => boolean): Building | undefined {
    return this.window.findNewest((b) => {
      if (!b.unthreaded || !sameAddress(b.author, m.from)) return false;
      // An auto-numbered revision (second 1/M without vN) takes the following unnumbered patches.
      if (b.version !== info.version && !(info.versionInferred && b.versionInferred)) return false;
      if (b.totalKnown && b.total !== info.total) return false;
      return extra(b);
    });
  }

  /** A patch joins the pending series it belongs to, or starts one; then it is placed and indexed. */
  private addPatch(m: Message, info: SubjectInfo, parts: PatchBodyParts): void {
    const patch = patchOf(m, info, parts);
    const found = this.seriesForPatch(m, info, patch);
    if (!found) return;
    const b = found.series ?? this.startSeries(m, info, found.newRevisionOf);
    if (found.reroll && found.reroll !== b) b.rerollOf ??= found.reroll;
    this.place(b, m, info, patch);
    this.link(b, m, info.index);
    this.replies.retry(m.messageId);
  }

  /**
   * The pending series patch `m` joins: by its thread, then (without threading
   * headers) by its markers. Undefined for a duplicate, noted on the series that has it.
   */
  private seriesForPatch(m: Message, info: SubjectInfo, patch: Patch): Found | undefined {
    const found = this.inThread(m, info, patch);
    if (!found || found.series || m.inReplyTo || m.references.length) return found;
    found.series = this.byMarkers(m, info, (c) => {
      const taken = c.patches.get(info.index);
      if (!taken) return true;
      if (isDuplicate(taken, patch)) {
        this.duplicate(m, c);
        return false;
      }
      // b4 reads one thread, where a second 1/M is a reroll; an archive holds many
      // series, so an unthreaded one is a reroll only under the same title
      if (info.index === 1 && sameTitle(taken, info)) found.newRevisionOf ??= c;
      return false;
    });
    if (!found.series && this.isDuplicateOfAny(m, patch)) return undefined;
    return found;
  }

  /** The series of the nearest mail in `m`'s thread that the patch fits (version, counters, a free index). */
  private inThread(m: Message, info: SubjectInfo, patch: Patch): Found | undefined {
    const found: Found = {};
    for (const id of [m.messageId, ...upthread(m)]) {
      const cand = this.index.seriesOf(id);
      if (!cand) continue;
      const target = this.index.targetOf(id);
      if (!versionFits(cand, info)) {
        if (target && target.index > 0 && cand.total === info.total && cand.version < info.version) found.reroll ??= cand;
        continue;
      }
      if (info.counterInferred && cand.totalKnown && cand.total > 1) continue;
      if (cand.totalKnown && !info.counterInferred && cand.total !== info.total) continue;
      const taken = cand.patches.get(info.index);
      if (taken) {
        if (isDuplicate(taken, patch)) {
          this.duplicate(m, cand);
          return undefined;
        }
        if (info.index === 1 && sameAddress(taken.author, m.from)) found.newRevisionOf ??= cand;
        continue;
      }
      found.series = cand;
      break;
    }
    return found;
  }

  /** A series started by patch `m`; the root mail of its thread is its cover when the same author sent it without a diff. */
  private startSeries(m: Message, info: SubjectInfo, newRevisionOf: Building | undefined): Building {
    const naked = this.nakedCovers.claim(m, info);
    const b = this.newBuilding(m, info, !info.counterInferred);
    this.revisions.startedByPatch(b, m, info, newRevisionOf);
    if (naked) {
      b.cover = naked;
      this.index.register(b, naked.messageId, { series: b, index: 0 });
      for (const r of naked.replies) this.index.register(b, r.messageId, { series: b, index: 0 });
    }
    return b;
  }

  /** Puts the patch at its index, noting one that arrives late or outside 1..M. */
  private place(b: Building, m: Message, info: SubjectInfo, patch: Patch): void {
    adoptVersion(b, info);
    adoptTotal(b, info);
    if (m.inReplyTo || m.references.length) b.unthreaded = false;
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
  }

  /** Indexes the patch and the ids it names; an id held by another pending series that fits joins the two. */
  private link(b: Building, m: Message, index: number): void {
    this.index.register(b, m.messageId, { series: b, index });
    for (const id of upthread(m)) {
      const other = this.index.seriesOf(id);
      if (other && other !== b && canMerge(b, other)) b = this.merge(b, other);
      else this.index.register(b, id);
    }
  }

  private merge(from: Building, into: Building): Building {
    mergeInto(from, into, this.count);
    this.index.move(from, into);
    this.window.close(from);
    return into;
  }

  private isDuplicateOfAny(m: Message, patch: Patch): boolean {
    if (!m.messageId) return false;
    const t = this.index.targetOf(m.messageId);
    if (!t || t.index === 0) return false;
    const seen = t.series.patches.get(t.index);
    if (seen && isDuplicate(seen, patch)) {
      this.duplicate(m, t.series);
      return true;
    }
    return false;
  }

  private duplicate(m: Message, b: Building): void {
    b.lastTouched = this.count;
    b.diagnostics.push({ severity: 'warning', message: `duplicate of a mail already read ("${quote(m.subject)}"), ignored`, ...where(m) });
  }

  private addReply(m: Message): void {
    this.replies.add(m, this.prep(m).reply!);
  }

  private emitIdle(): Series[] {
    const out: Series[] = [];
    this.replies.expire(this.window.idleWindow);
    this.nakedCovers.expire(this.count, this.window.idleWindow);
    this.window.takeDue(this.count, (b, pending) => {
      const s = this.finalize(b);
      if (this.newest.admit(s, b, pending)) out.push(s);
    });
    return out;
  }

  private finalize(b: Building): Series {
    this.index.forget(b);
    takeFromOlderRevision(b);
    return finishedSeries(b);
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
