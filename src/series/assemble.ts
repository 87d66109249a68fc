import { quote, sameAddress, type Diagnostic } from '../common/index.js';
import type { Message } from '../mail/index.js';
import type { PatchBodyParts } from './body.js';
import { adoptTotal, canMerge, finishedSeries, isComplete, mergeInto, newBuilding, where, type Building } from './building.js';
import { newestVersions, NewestOnly } from './newest.js';
import { prepareMessage, type PreparedMessage } from './prepare.js';
import { coverOf, isDuplicate, patchOf, replyOf } from './records.js';
import { adoptVersion, RevisionNumbers, sameTitle, takeFromOlderRevision, versionFits } from './revisions.js';
import { looksLikePatchSubject } from './subject.js';
import { ThreadIndex, upthread } from './thread-index.js';
import type { AssembleOptions, AssembleResult, CoverLetter, Patch, Reply, Series, SubjectInfo } from './types.js';

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

interface Orphan {
  reply: Reply;
  ids: string[];
  seen: number;
  ordinal: number;
}

/**
 * Rebuilds series from mails as b4 and patchwork do: threads first, then N/M
 * counters, author and input order for mails without threading headers.
 */
export class SeriesAssembler {
  private readonly idleWindow: number;
  private readonly completeWindow: number;
  private count = 0;
  private pending: Building[] = [];
  private readonly index = new ThreadIndex();
  /** Root mails with no diff that a same-author patch may later claim as a naked cover. */
  private nakedCovers = new Map<string, { cover: CoverLetter; seen: number; message: Message }>();
  private orphans: Orphan[] = [];
  private readonly revisions = new RevisionNumbers();
  private diagnostics: Diagnostic[] = [];
  private readonly newest: NewestOnly;

  constructor(opts: StreamOptions = {}) {
    this.idleWindow = opts.idleWindow ?? 1000;
    this.completeWindow = opts.completeWindow ?? 200;
    this.newest = new NewestOnly(opts.allVersions ?? false);
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
      this.nakedCovers.set(m.messageId, { cover, seen: this.count, message: m });
      this.retryOrphans(m.messageId);
      return;
    }
    this.notAPatch(m, 'no diff');
  }

  private notAPatch(m: Message, why: string): void {
    this.diagnostics.push({ severity: 'info', message: `"${quote(m.subject)}" is not a patch (${why})`, ...where(m) });
  }

  private newBuilding(m: Message, info: SubjectInfo, totalKnown: boolean): Building {
    const b = newBuilding(m, info, totalKnown, this.count);
    this.pending.push(b);
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
    const patch = patchOf(m, info, parts);
    let b: Building | undefined;
    let reroll: Building | undefined;
    let newRevisionOf: Building | undefined;
    for (const id of [m.messageId, ...upthread(m)]) {
      const cand = this.index.seriesOf(id);
      if (!cand || cand === b) continue;
      const target = this.index.targetOf(id);
      if (!versionFits(cand, info)) {
        if (target && target.index > 0 && cand.total === info.total && cand.version < info.version) reroll ??= cand;
        continue;
      }
      if (info.counterInferred && cand.totalKnown && cand.total > 1) continue;
      if (cand.totalKnown && !info.counterInferred && cand.total !== info.total) continue;
      const taken = cand.patches.get(info.index);
      if (taken) {
        if (isDuplicate(taken, patch)) return this.duplicate(m, cand);
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
        if (isDuplicate(taken, patch)) {
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
      this.revisions.startedByPatch(b, m, info, newRevisionOf);
      if (naked) {
        b.cover = naked;
        this.index.register(b, naked.messageId, { series: b, index: 0 });
        for (const r of naked.replies) this.index.register(b, r.messageId, { series: b, index: 0 });
      }
    }
    if (reroll && reroll !== b) b.rerollOf ??= reroll;
    adoptVersion(b, info);
    adoptTotal(b, info);
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
    this.index.register(b, m.messageId, { series: b, index: info.index });
    for (const id of upthread(m)) {
      const other = this.index.seriesOf(id);
      if (other && other !== b && canMerge(b, other)) b = this.merge(b, other);
      else this.index.register(b, id);
    }
    this.retryOrphans(m.messageId);
  }

  private merge(from: Building, into: Building): Building {
    mergeInto(from, into, this.count);
    this.index.move(from, into);
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
    if (m.messageId && this.index.hasTarget(m.messageId)) {
      const t = this.index.targetOf(m.messageId);
      t?.series.diagnostics.push({ severity: 'warning', message: `duplicate of a mail already read ("${quote(m.subject)}"), ignored`, ...where(m) });
      return;
    }
    const reply = replyOf(m, this.prep(m).reply!);
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
      const t = this.index.targetOf(id);
      if (t) {
        const to = t.index === 0 ? t.series.cover : t.series.patches.get(t.index);
        if (!to) continue;
        to.replies.push(reply);
        t.series.lastTouched = this.count;
        if (this.index.registerReply(reply.messageId, t)) this.retryOrphans(reply.messageId);
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
      const ready = this.orphans.find((o) => idsOf(o).some((x) => this.index.hasTarget(x) || this.nakedCovers.has(x)));
      if (!ready) return;
      // Taken out first: attaching may retry orphans again (replies to this reply).
      this.orphans = this.orphans.filter((o) => o !== ready);
      if (!this.attach(ready.reply, idsOf(ready))) this.orphanDiagnostic(ready);
      else {
        const r = ready.reply;
        this.diagnostics.push({ severity: 'info', message: `reply "${quote(r.subject)}" was read before the mail it answers`, input: r.input, line: r.line, messageId: r.messageId ?? `#${ready.ordinal}` });
      }
    }
  }

  private orphanDiagnostic(o: Orphan): void {
    this.diagnostics.push({
      severity: 'info', message: `reply "${quote(o.reply.subject)}" answers no patch or cover letter in the input`,
      input: o.reply.input, line: o.reply.line, messageId: o.reply.messageId ?? `#${o.ordinal}`,
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
      if (idle >= this.idleWindow || (idle >= this.completeWindow && isComplete(b))) {
        const s = this.finalize(b);
        if (this.newest.admit(s, b, this.pending)) out.push(s);
      } else stay.push(b);
    }
    this.pending = stay;
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
