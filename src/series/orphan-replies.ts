import { quote, type Diagnostic } from '../common/index.js';
import type { Message } from '../mail/index.js';
import { where } from './building.js';
import type { NakedCovers } from './naked-covers.js';
import { replyOf } from './records.js';
import type { PreparedMessage } from './prepare.js';
import { upthread, type ThreadIndex } from './thread-index.js';
import type { Reply } from './types.js';

interface Orphan {
  reply: Reply;
  ids: string[];
  seen: number;
  ordinal: number;
}

/**
 * Places replies on the patch or cover they answer, and holds those read
 * before it (orphans) until it arrives or the idle window passes. Placing
 * and retrying live together: placing a reply may free the orphans that
 * answer it.
 */
export class OrphanReplies {
  private orphans: Orphan[] = [];

  constructor(
    private readonly index: ThreadIndex,
    private readonly nakedCovers: NakedCovers,
    private readonly now: () => number,
    private readonly note: (d: Diagnostic) => void,
  ) {}

  add(m: Message, parsed: NonNullable<PreparedMessage['reply']>): void {
    if (m.messageId && this.index.hasTarget(m.messageId)) {
      const t = this.index.targetOf(m.messageId);
      t?.series.diagnostics.push({ severity: 'warning', message: `duplicate of a mail already read ("${quote(m.subject)}"), ignored`, ...where(m) });
      return;
    }
    const reply = replyOf(m, parsed);
    const ids = upthread(m);
    // Only the mail named in In-Reply-To is tried now: if it has not arrived yet, walking up
    // would put a reply to a late patch on the cover. The walk up happens at the end.
    if (this.attach(reply, ids.slice(0, 1))) return;
    if (!ids.length) {
      this.note({ severity: 'info', message: `reply "${quote(m.subject)}" has no In-Reply-To or References`, ...where(m) });
      return;
    }
    this.orphans.push({ reply, ids, seen: this.now(), ordinal: m.ordinal });
  }

  private attach(reply: Reply, ids: string[]): boolean {
    for (const id of ids) {
      const t = this.index.targetOf(id);
      if (t) {
        const to = t.index === 0 ? t.series.cover : t.series.patches.get(t.index);
        if (!to) continue;
        to.replies.push(reply);
        t.series.lastTouched = this.now();
        if (this.index.registerReply(reply.messageId, t)) this.retry(reply.messageId);
        return true;
      }
      const naked = this.nakedCovers.coverOf(id);
      if (naked) {
        naked.replies.push(reply);
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
  retry(id: string | undefined, walkUp = false): void {
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
        this.note({ severity: 'info', message: `reply "${quote(r.subject)}" was read before the mail it answers`, input: r.input, inputLine: r.line, messageId: r.messageId ?? `#${ready.ordinal}` });
      }
    }
  }

  /** Orphans held for `idleWindow` messages get one last walk up, then are reported. */
  expire(idleWindow: number): void {
    const now = this.now();
    if (this.orphans.some((o) => now - o.seen >= idleWindow)) this.retry(undefined, true);
    this.orphans = this.orphans.filter((o) => {
      if (now - o.seen < idleWindow) return true;
      this.orphanDiagnostic(o);
      return false;
    });
  }

  /** At the end, after the last walk up: those left answer nothing. */
  drain(): void {
    for (const o of this.orphans) this.orphanDiagnostic(o);
    this.orphans = [];
  }

  private orphanDiagnostic(o: Orphan): void {
    this.note({
      severity: 'info', message: `reply "${quote(o.reply.subject)}" answers no patch or cover letter in the input`,
      input: o.reply.input, inputLine: o.reply.line, messageId: o.reply.messageId ?? `#${o.ordinal}`,
    });
  }
}
