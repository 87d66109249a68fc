import { sameAddress } from '../common/index.js';
import type { Message } from '../mail/index.js';
import type { CoverLetter, SubjectInfo } from './types.js';

interface Held {
  cover: CoverLetter;
  seen: number;
  message: Message;
}

/**
 * Root mails with no diff and no patch subject that a same-author patch may
 * later claim as its cover letter; replies to them are kept on the cover
 * meanwhile. Unclaimed ones are reported as not a patch once the idle window
 * has passed, or at the end.
 */
export class NakedCovers {
  private readonly held = new Map<string, Held>();

  constructor(private readonly notAPatch: (m: Message, why: string) => void) {}

  hold(id: string, cover: CoverLetter, message: Message, seen: number): void {
    this.held.set(id, { cover, seen, message });
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  /** The held cover `id` names, for a reply to it. */
  coverOf(id: string): CoverLetter | undefined {
    return this.held.get(id)?.cover;
  }

  /** The cover at the root of patch `m`'s thread when its author sent it; it leaves the held ones. */
  claim(m: Message, info: SubjectInfo): CoverLetter | undefined {
    const root = m.references[0] ?? m.inReplyTo;
    const cand = root ? this.held.get(root) : undefined;
    if (!root || !cand || !sameAddress(cand.cover.author, m.from)) return undefined;
    this.held.delete(root);
    cand.cover.subjectInfo = { ...cand.cover.subjectInfo, index: 0, total: info.total, version: info.version };
    return cand.cover;
  }

  /** Lets go of those held for `idleWindow` messages. */
  expire(now: number, idleWindow: number): void {
    for (const [id, n] of this.held) {
      if (now - n.seen < idleWindow) continue;
      this.held.delete(id);
      this.notAPatch(n.message, 'no patch answered it');
    }
  }

  /** At the end: none was claimed. */
  drain(): void {
    for (const n of this.held.values()) this.notAPatch(n.message, 'no patch in the input answers it');
    this.held.clear();
  }
}
