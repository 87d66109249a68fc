import type { Readable } from 'node:stream';
import type { Diagnostic } from '../common/index.js';
import type { OpenOptions } from '../source/index.js';
import type { DiffSeries } from '../diff/index.js';
import type { Touch } from '../model/index.js';
import type { ScratchShare } from '../tree/index.js';
import type { Config, Finding, Review, Rule } from '../rules/index.js';

/** What to read, and how much of it. */
export interface InputOptions {
  maxInputBytes?: number;
  /** Messages larger than this are not read, only reported (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
  gitRange?: string;
  repo?: string;
  stdin?: Readable;
  /** Message-ID and lore URL inputs: server, cache, timeout, progress. */
  lore?: OpenOptions['lore'];
  /** `--newer`: also fetch the later revisions the server's search knows of. */
  newer?: boolean;
}

/** `--tree DIR`: plain data, so that worker threads can build the same tree context. */
export interface TreeSpec {
  dir: string;
  base?: string;
  checkpatch?: boolean;
  /** The main thread's scratch directory and stop flag: workers create only inside it. */
  scratch?: ScratchShare;
}

/** What the review does with what it read. */
export interface ReviewPolicy {
  config?: Config;
  /** Report every version in the input, not only the newest of each series. */
  allVersions?: boolean;
  rules?: readonly Rule[];
  /** Kernel-tree context (issue 6): per series, whole-function sources and facts. */
  tree?: TreeSpec;
  /** Two inputs, OLD NEW: the newer one's findings marked new/present, the gone ones listed as fixed. */
  compare?: boolean;
  /** Worker threads; 1 (the default) reviews in this thread. */
  jobs?: number;
  /** With `false` the review holds no series (see ReviewCallbacks.onSeries). */
  keepSeries?: boolean;
  /** The worker script; default `worker.js` next to jobs.js. */
  workerUrl?: URL;
  /** Bytes of mail parsed in this thread before parsing moves to the workers (default 4 MB). */
  parseHereBytes?: number;
}

/** What the caller hears while the review goes on. */
export interface ReviewCallbacks {
  /** One-line notes for the user (what `--newer` found). */
  notify?: (line: string) => void;
  onMessage?: (bytes: number) => void;
  /** Called as each reported series is reviewed. */
  onSeries?: (series: DiffSeries, findings: Finding[], touches: Touch[]) => void;
  /**
   * Streaming: each series is handed over as soon as it is reviewed, its
   * findings marked against the previous version seen, and then dropped; the
   * review returned holds no series, findings or diagnostics.
   */
  onPart?: (part: Review) => void;
  /** Streaming: each diagnostic that is not `info`, as it comes. */
  onDiagnostic?: (d: Diagnostic) => void;
}

export interface ReviewOptions {
  input?: InputOptions;
  policy?: ReviewPolicy;
  on?: ReviewCallbacks;
}
