import type { parseDiff } from '../../src/diff/index.js';

/** A full parse as the light one reports it: no hunk lines, and no parse-diff cross-check (it needs them). */
export function withoutHunks(parsed: ReturnType<typeof parseDiff>): ReturnType<typeof parseDiff> {
  return {
    files: parsed.files.map((f) => ({ ...f, hunks: [] })),
    diagnostics: parsed.diagnostics.filter((d) => !/: parse-diff (saw|failed)/.test(d.message)),
  };
}
