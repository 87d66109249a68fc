import type { Patch, Series } from '../series/index.js';
import { parseDiff, type ParseDiffOptions } from './parse.js';
import type { DiffPatch, DiffSeries, ParsedDiff } from './types.js';

export interface AttachOptions {
  /** false: files and counts only (see ParseDiffOptions.hunks). */
  hunks?: boolean;
  /** A patch's diff already parsed elsewhere (a `--jobs` worker) with the options attachDiffs would use. */
  parsed?: (patch: Patch) => ParsedDiff | undefined;
}

/** The parseDiff options attachDiffs uses for a patch: its diff's first line in the input, when the body was unencoded. */
export function diffOptionsOf(patch: Pick<Patch, 'bodyLine' | 'diffBodyLine' | 'input'>, hunks?: boolean): ParseDiffOptions {
  const first = patch.bodyLine !== undefined ? patch.bodyLine + patch.diffBodyLine : undefined;
  return { ...(first !== undefined ? { inputLineOfFirst: first } : {}), input: patch.input, hunks };
}

/** Parses every patch's diffText; problems go to that patch's diagnostics, located in the input. */
export function attachDiffs(series: Series, opts: AttachOptions = {}): DiffSeries {
  const patches = series.patches.map((patch): DiffPatch => {
    const first = patch.bodyLine !== undefined ? patch.bodyLine + patch.diffBodyLine : undefined;
    const parsed = opts.parsed?.(patch) ?? parseDiff(patch.diffText ?? '', diffOptionsOf(patch, opts.hunks));
    const diagnostics = parsed.diagnostics.map((d) => {
      const out = { ...d, input: patch.input };
      // Without an unencoded body the diff's own line means nothing in the input: point at the mail.
      if (first === undefined) {
        out.inputLine = patch.line;
        out.message = `${d.message} (diff line ${d.inputLine ?? 0})`;
      }
      if (patch.messageId !== undefined) out.messageId = patch.messageId;
      else out.messageId = `#${patch.ordinal}`;
      return out;
    });
    return {
      ...patch,
      files: parsed.files,
      added: parsed.files.reduce((n, f) => n + f.added, 0),
      removed: parsed.files.reduce((n, f) => n + f.removed, 0),
      diagnostics: [...patch.diagnostics, ...diagnostics],
    };
  });
  return { ...series, patches };
}
