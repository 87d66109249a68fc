import type { CliIO } from './types.js';

/** Messages read, series checked and MB/s on stderr, only on a TTY and only for big inputs. */
export class Progress {
  private bytes = 0;
  private messages = 0;
  private series = 0;
  private last = 0;
  private shown = false;
  private readonly start = Date.now();
  constructor(
    private readonly io: CliIO,
    private readonly enabled = Boolean(io.stderr.isTTY) && !io.env.CI,
    private readonly minBytes = 4 * 1024 * 1024,
  ) {}

  message(bytes: number): void {
    this.bytes += bytes;
    this.messages++;
    this.tick();
  }

  seriesDone(): void {
    this.series++;
    this.tick();
  }

  private tick(): void {
    if (!this.enabled || this.bytes < this.minBytes) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    this.shown = true;
    const mbs = this.bytes / 1e6 / Math.max((now - this.start) / 1000, 0.001);
    this.io.stderr.write(`\r${this.messages} messages, ${this.series} series checked, ${mbs.toFixed(1)} MB/s`);
  }

  done(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[K');
  }
}
