/**
 * Records shared by every stage. Nothing here does I/O or depends on a stage.
 */
import { noCommands, oneLine } from './safe-text.js';
export { visible, oneLine, noCommands, noCommandsHtml, noCommandsJson, safeJson, safeHtml } from './safe-text.js';
export { mdText, mdCode } from './safe-markdown.js';
export { secretsOf, redactor, REDACTED } from './redact.js';
export { UsageError } from './errors.js';
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Something pmreview could not use, or noticed about its input. Never silently dropped. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Input name (file path, `-`, `git:A..B`, `github:owner/name#N`). */
  input?: string;
  /** 1-based line in the input where the problem is (message start when unknown). */
  inputLine?: number;
  /** Message-ID of the mail concerned, or `#N` (ordinal in the input) when it has none. */
  messageId?: string;
}

/** Characters of input (a subject, a header) a diagnostic quotes. */
export const QUOTE_MAX = 200;
/** Longest diagnostic message kept whole, whatever produced it. */
export const DIAGNOSTIC_MAX = 1000;

/** `s` as a diagnostic quotes it: at most `max` characters, the cut said. */
export function quote(s: string, max = QUOTE_MAX): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/** The diagnostic with its message cut to DIAGNOSTIC_MAX characters: a 200 MB subject is not echoed back. */
export function bounded(d: Diagnostic): Diagnostic {
  if (d.message.length <= DIAGNOSTIC_MAX) return d;
  // The note on the cut counts in the limit too.
  const note = `… (${d.message.length} characters in all)`;
  return { ...d, message: d.message.slice(0, DIAGNOSTIC_MAX - note.length) + note };
}

/** One line `file: message <id>: line N: text`, as printed for bad input; what came from the input cannot break the line or act on a terminal or a CI runner. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [oneLine(d.input ?? '<input>')];
  if (d.messageId) where.push(`message ${oneLine(d.messageId)}`);
  if (d.inputLine !== undefined) where.push(`line ${d.inputLine}`);
  return noCommands(`${where.join(': ')}: ${d.severity}: ${oneLine(d.message)}`);
}

export interface Person {
  name: string;
  address: string;
}

/** Mail addresses compare without case: the same sender under two spellings. */
export function sameAddress(a: Person, b: Person): boolean {
  return a.address.toLowerCase() === b.address.toLowerCase();
}

export function formatPerson(p: Person): string {
  if (!p.name) return p.address;
  return `${p.name} <${p.address}>`;
}

/**
 * A Map that keeps only its `max` most recently set keys: per-series
 * bookkeeping of a streaming run (versions seen, findings of the previous
 * version) stays flat over an archive of any size; a version that arrives
 * more than `max` series after the one before it is taken as unseen.
 */
export class RecentMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    return this;
  }

  get size(): number {
    return this.map.size;
  }
}

/** How many series a streaming run remembers (see RecentMap). */
export const RECENT_SERIES = 50_000;
