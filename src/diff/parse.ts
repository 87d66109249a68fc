import type { Diagnostic } from '../common/index.js';
import { readHeaders } from './headers.js';
import { numberHunk } from './hunks.js';
import { scanDiff } from './scan.js';
import type { FileDiff, ParsedDiff } from './types.js';

export interface ParseDiffOptions {
  /** 1-based input line of diffText's first line; sets `inputLine` and diagnostic lines. */
  inputLineOfFirst?: number;
  /** Input name for diagnostics. */
  input?: string;
  /**
   * false: files, statuses and +/- counts only, `hunks: []`. For patches that
   * name no model symbol, whose lines nothing reads: numbering every line
   * through parse-diff was a tenth of a mailing-list sweep.
   */
  hunks?: boolean;
}

/** Parses the diff of ONE patch. Never throws: what cannot be used becomes a diagnostic. */
export function parseDiff(diffText: string, opts: ParseDiffOptions = {}): ParsedDiff {
  const diagnostics: Diagnostic[] = [];
  const at = (diffLine: number): number =>
    opts.inputLineOfFirst !== undefined ? opts.inputLineOfFirst + diffLine : diffLine + 1;
  const report = (severity: Diagnostic['severity'], message: string, diffLine: number): void => {
    const d: Diagnostic = { severity, message, line: at(diffLine) };
    if (opts.input !== undefined) d.input = opts.input;
    diagnostics.push(d);
  };
  if (typeof diffText !== 'string') return { files: [], diagnostics };

  const scan = scanDiff(diffText);
  for (const p of scan.problems) report(p.severity, p.message, p.line);
  const files: FileDiff[] = [];
  for (const section of scan.sections) {
    const h = readHeaders(section);
    for (const u of h.unknown) report('warning', `unrecognised diff header: ${u.text.slice(0, 80)}`, u.line);
    const path = h.newPath ?? h.oldPath;
    if (path === null) {
      report('error', 'file diff without a file name', section.at);
      continue;
    }
    const file: FileDiff = {
      oldPath: h.oldPath,
      newPath: h.newPath,
      path,
      status: h.status,
      binary: h.binary,
      hunks: [],
      added: 0,
      removed: 0,
    };
    if (h.similarity !== undefined) file.similarity = h.similarity;
    if (h.oldMode !== undefined) file.oldMode = h.oldMode;
    if (h.newMode !== undefined) file.newMode = h.newMode;
    for (const raw of section.hunks) {
      if (opts.hunks === false) {
        for (const i of raw.body) {
          const c = scan.lines[i]!.charCodeAt(0);
          if (c === 0x2b) file.added++;
          else if (c === 0x2d) file.removed++;
        }
        continue;
      }
      const { hunk, problem } = numberHunk(raw, scan.lines, opts.inputLineOfFirst);
      if (problem) report('error', problem, raw.at);
      file.hunks.push(hunk);
      for (const l of hunk.lines) {
        if (l.kind === 'add') file.added++;
        else if (l.kind === 'del') file.removed++;
      }
    }
    if (file.binary && section.hunks.length > 0) report('warning', `binary file ${path} also has text hunks`, section.at);
    files.push(file);
  }
  if (scan.sections.length === 0 && diffText.trim() !== '') report('warning', 'no file diff found in the patch text', 0);
  return { files, diagnostics };
}
