import type { Diagnostic } from '../common/index.js';
import type { Patch, Series } from '../series/index.js';

export type LineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  kind: LineKind;
  /** Old-side number for `del` and `context`. */
  oldLine?: number;
  /** New-side number for `add` and `context`. */
  newLine?: number;
  /** The line without its `+`/`-`/` ` marker. */
  text: string;
  /** 1-based line in the input mbox, when the mail body was unencoded. */
  inputLine?: number;
  /** 0-based line within the patch's diffText. */
  diffLine: number;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the closing `@@` (git's function context), trimmed; '' when none. */
  header: string;
  lines: DiffLine[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface FileDiff {
  /** Path before (null for a new file), without `a/`. */
  oldPath: string | null;
  /** Path after (null for a deleted file), without `b/`. */
  newPath: string | null;
  /** newPath ?? oldPath: the name findings use. */
  path: string;
  status: FileStatus;
  /** Rename/copy similarity index in percent. */
  similarity?: number;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  hunks: Hunk[];
  added: number;
  removed: number;
}

export interface DiffPatch extends Patch {
  files: FileDiff[];
  added: number;
  removed: number;
}

export interface DiffSeries extends Omit<Series, 'patches'> {
  patches: DiffPatch[];
}

/** Where in a patch something is. Shared by touches and findings. */
export interface Location {
  /** 1-based patch index in its series (0 for the cover letter). */
  patchIndex: number;
  messageId?: string;
  subject: string;
  file: string;
  /** New-side line for added/context lines, old-side for deleted lines. */
  line: number;
  side: 'new' | 'old';
  /** Enclosing C function, when known. */
  function?: string;
  /** The line's text (without diff marker). */
  text: string;
  /** 1-based line in the input mbox, when known. */
  inputLine?: number;
  /** Set by the review stage: the input the patch came from. */
  input?: string;
  /** Set by the review stage: index of the series in the review's `series`. */
  series?: number;
  /** Set by the review stage: index of the patch in that series' `patches` (absent for the cover letter and series). */
  patchAt?: number;
}

export interface ParsedDiff {
  files: FileDiff[];
  diagnostics: Diagnostic[];
}
