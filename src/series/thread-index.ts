import type { Message } from '../mail/index.js';
import type { Building } from './building.js';

/** Where a mail sits in a pending series: the series and the patch it is or answers. */
export interface Target {
  series: Building;
  /** 0 for the cover letter. */
  index: number;
}

/** Ids that place a mail in a thread, nearest first (In-Reply-To, then References newest first). */
export function upthread(m: Message): string[] {
  const ids: string[] = [];
  if (m.inReplyTo) ids.push(m.inReplyTo);
  for (let i = m.references.length - 1; i >= 0; i--) if (!ids.includes(m.references[i])) ids.push(m.references[i]);
  return ids.filter((id) => id !== m.messageId);
}

/**
 * Message-ID lookups of the pending series. Every id a series enters is in
 * its `ids`, and leaves with it (forget), so the index holds no more than
 * the emission window does.
 */
export class ThreadIndex {
  /** Message-IDs of patches/covers and the ids they point to → their series. */
  private readonly bySeries = new Map<string, Building>();
  /** Message-IDs of patches, covers and attached replies → what they answer. */
  private readonly targets = new Map<string, Target>();

  seriesOf(id: string | undefined): Building | undefined {
    return id ? this.bySeries.get(id) : undefined;
  }

  targetOf(id: string | undefined): Target | undefined {
    return id ? this.targets.get(id) : undefined;
  }

  hasTarget(id: string): boolean {
    return this.targets.has(id);
  }

  /** An id of `b`: its own mail when `target` is given, else one its mails point to (the first series to name it keeps it). */
  register(b: Building, id: string | undefined, target?: Target): void {
    if (!id) return;
    if (!this.bySeries.has(id) || target) {
      if (!this.bySeries.has(id)) this.bySeries.set(id, b);
      b.ids.add(id);
    }
    if (target) this.targets.set(id, target);
  }

  /** A reply placed on `t`: replies to it land there too. False when its id is known already. */
  registerReply(id: string | undefined, t: Target): boolean {
    if (!id || this.targets.has(id)) return false;
    this.targets.set(id, t);
    t.series.ids.add(id);
    return true;
  }

  /** After `from` merged into `into`: its ids lead to `into`. */
  move(from: Building, into: Building): void {
    for (const id of from.ids) {
      into.ids.add(id);
      if (this.bySeries.get(id) === from) this.bySeries.set(id, into);
      const t = this.targets.get(id);
      if (t?.series === from) this.targets.set(id, { series: into, index: t.index });
    }
  }

  /** `b` leaves the window: its ids answer nothing any more. */
  forget(b: Building): void {
    for (const id of b.ids) {
      if (this.bySeries.get(id) === b) this.bySeries.delete(id);
      if (this.targets.get(id)?.series === b) this.targets.delete(id);
    }
  }
}
