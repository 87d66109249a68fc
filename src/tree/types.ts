import type { Diagnostic } from '../common/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { TreeFacts } from '../rules/index.js';

/**
 * Whole files of one patch, as src/code reads them: `pre` is the tree before
 * the patch, `post` after it. Same shape as code's TreeSource.
 */
export interface TreeSource {
  readFile(side: 'pre' | 'post', path: string): string | undefined;
}

/** How the base revision was chosen, said once as a Diagnostic. */
export type BaseChoice = 'base-commit' | 'option' | 'HEAD';

export interface KernelTree {
  /** Absolute, symlink-free path of the repository's top level. */
  dir: string;
  /** Commit id the series is applied to unless the series names a base-commit the tree has. */
  base: string;
  baseChoice: BaseChoice;
  diagnostics: Diagnostic[];
}

export interface PatchApplication {
  /** 1-based patch index in the series. */
  index: number;
  applied: boolean;
  /** Commit made by `git am` for this patch. */
  commit?: string;
  /** The commit it was applied on. */
  parent?: string;
  /** git's own message when the patch did not apply. */
  reason?: string;
}

export interface AppliedSeries {
  /** Temporary worktree the series was applied in (gone after dispose). */
  worktree: string;
  /** Commit the series was applied to. */
  base: string;
  baseChoice: BaseChoice;
  /** `6.12.117` from the base's top Makefile, when it has one. */
  kernel?: string;
  patches: PatchApplication[];
  /** Whole files for a patch that applied; undefined → hunk-only. */
  source(patch: DiffPatch): TreeSource | undefined;
  /** Grows while sources are read (refused paths, unreadable blobs). */
  diagnostics: Diagnostic[];
  /** Removes the worktree; safe to call more than once. */
  dispose(): Promise<void>;
}

/** What a tree says at one revision; `base` is undefined when `rev` is not a commit. */
export interface KernelTreeFacts extends TreeFacts {
  /** The revision the facts were read from. */
  rev: string;
  diagnostics: Diagnostic[];
}
