import type { LoreOptions } from './lore.js';

/** An input as a byte stream plus a name for messages and diagnostics. */
export interface Source {
  /** Display name: the file path, `-` for stdin, `git:A..B`, `github:owner/repo#N`, a lore thread's t.mbox.gz URL. */
  name: string;
  /** What it is, for the series stage (format-patch order) and for diagnostics. */
  kind: 'mbox' | 'gzip' | 'patch-file' | 'stdin' | 'git' | 'github' | 'lore';
  /** The bytes, streamed. Called once. */
  stream(): AsyncIterable<Uint8Array>;
}

export interface OpenOptions {
  /** Upper bound on decompressed bytes read from one input (gzip bomb guard). */
  maxInputBytes: number;
  /** `--git A..B`: read the range from `repo` as format-patch text. */
  gitRange?: string;
  /** Repository for `--git` (default: current directory). */
  repo?: string;
  /** Message-ID and lore URL inputs: server, cache, timeout (default: lore.kernel.org, no cache). */
  lore?: Omit<LoreOptions, 'maxInputBytes'>;
  /** Standard input, injectable for tests. */
  stdin?: NodeJS.ReadableStream;
}

/** Unreadable input: the CLI turns it into a one-line error and exit 2. */
export class InputError extends Error {
  constructor(
    public readonly input: string,
    message: string,
  ) {
    super(`${input}: ${message}`);
    this.name = 'InputError';
  }
}
