import type { SymbolStatus } from './types.js';

/** The base kernel the model describes when the user names none. */
export const DEFAULT_KERNEL = '6.12';

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-rc(\d+))?/;

/** `6.8-rc2` → [6, 8, 0, -98]: an rc sorts before its release. */
export function parseKernelVersion(text: string): number[] | undefined {
  const m = VERSION.exec(text.trim().replace(/^v/, ''));
  if (!m) return undefined;
  const rc = m[4] === undefined ? 0 : Number(m[4]) - 100;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), rc];
}

/** Numeric comparison, so that 6.8 < 6.12 (a string compare gets this wrong). */
export function compareKernelVersions(a: string, b: string): number {
  const x = parseKernelVersion(a);
  const y = parseKernelVersion(b);
  if (!x || !y) throw new RangeError(`not a kernel version: "${x ? b : a}"`);
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Whether a symbol with this status is present in a mainline release `kernel`. */
export function presentIn(status: SymbolStatus, kernel: string): boolean {
  switch (status.kind) {
    case 'mainline':
      return compareKernelVersions(status.since, kernel) <= 0;
    case 'removed':
      return (status.since === undefined || compareKernelVersions(status.since, kernel) <= 0) && compareKernelVersions(kernel, status.until) < 0;
    case 'base':
      return !parseKernelVersion(status.kernel) || compareKernelVersions(status.kernel, kernel) <= 0;
    default:
      return false;
  }
}

/** Short human form of a status: `mainline 6.8`, `series v12 (direct-map removal)`, `rfc-only 2020`. */
export function statusText(status: SymbolStatus): string {
  switch (status.kind) {
    case 'mainline':
      return `mainline ${status.since}`;
    case 'removed':
      return status.since ? `removed in ${status.until} (mainline ${status.since}–)` : `removed in ${status.until}`;
    case 'queued':
      return `queued (${status.tree})`;
    case 'series':
      return `series ${status.version} (${status.series})`;
    case 'rfc-only':
      return `rfc-only ${status.year}`;
    case 'local':
      return `defined in ${status.where}`;
    case 'base':
      return parseKernelVersion(status.kernel) ? `in Linux ${status.kernel}` : `in the tree at ${status.kernel}`;
  }
}
