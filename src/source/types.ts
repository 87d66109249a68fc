
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

/** How threads are fetched from a public-inbox server (lore). Here rather than in lore.ts: Source options name it, and lore.ts uses the Source records. */
export interface LoreOptions {
  /** The configured server (--lore, PMREVIEW_LORE, .pmreview.json); none: lore.kernel.org, or the server a URL input names. */
  server?: string;
  /** Cache directory (XDG cache dir + pmreview/lore); none: nothing is read from or written to a cache. */
  cacheDir?: string;
  /** Refetch a cached thread older than this (default one hour). */
  maxAgeMs?: number;
  /** No byte from the server for this long ends the request (default 30 s). */
  timeoutMs?: number;
  /** Bound on the decompressed bytes of one answer (the --max-input-bytes of files). */
  maxInputBytes: number;
  /** Sent as User-Agent, as b4 names itself. */
  userAgent?: string;
  /** Progress lines; the CLI passes one only when stderr is a terminal. */
  progress?: (line: string) => void;
}
