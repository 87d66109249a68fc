import { isComplete, type Building } from './building.js';

/**
 * The series still being assembled, oldest first, and when each leaves:
 * once `completeWindow` messages passed without touching a complete one, or
 * `idleWindow` messages without touching it at all. What it holds is what a
 * streaming run keeps in memory besides small indexes.
 */
export class EmissionWindow {
  private pending: Building[] = [];

  constructor(
    readonly idleWindow: number,
    private readonly completeWindow: number,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  open(b: Building): void {
    this.pending.push(b);
  }

  /** `b` merged into another pending series. */
  close(b: Building): void {
    this.pending = this.pending.filter((x) => x !== b);
  }

  /** The newest pending series that passes `test` (tried newest first, stops at the first). */
  findNewest(test: (b: Building) => boolean): Building | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) if (test(this.pending[i])) return this.pending[i];
    return undefined;
  }

  /** Hands each series whose time is up to `take` in order, with all series pending before this call. */
  takeDue(now: number, take: (b: Building, pending: readonly Building[]) => void): void {
    const stay: Building[] = [];
    for (const b of this.pending) {
      const idle = now - b.lastTouched;
      if (idle >= this.idleWindow || (idle >= this.completeWindow && isComplete(b))) take(b, this.pending);
      else stay.push(b);
    }
    this.pending = stay;
  }

  /** At the end: every pending series, oldest first. */
  takeAll(): Building[] {
    const all = this.pending;
    this.pending = [];
    return all;
  }
}
