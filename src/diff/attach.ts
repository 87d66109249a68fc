import type { Series } from '../series/index.js';
import { parseDiff } from './parse.js';
import type { DiffPatch, DiffSeries } from './types.js';

export interface AttachOptions {
  /** false: files and counts only (see ParseDiffOptions.hunks). */
  hunks?: boolean;
}

/** Parses every patch's diffText; problems go to that patch's diagnostics, located in the input. */
export function attachDiffs(series: Series, opts: AttachOptions = {}): DiffSeries {
  const patches = series.patches.map((patch): DiffPatch => {
    const first = patch.bodyLine !== undefined ? patch.bodyLine + patch.diffBodyLine : undefined;
    const parsed = parseDiff(patch.diffText ?? '', { ...(first !== undefined ? { inputLineOfFirst: first } : {}), input: patch.input, hunks: opts.hunks });
    const diagnostics = parsed.diagnostics.map((d) => {
      const out = { ...d, input: patch.input };
      // Without an unencoded body the diff's own line means nothing in the input: point at the mail.
      if (first === undefined) {
        out.line = patch.line;
        out.message = `${d.message} (diff line ${d.line ?? 0})`;
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
