import type { Diagnostic } from '../common/index.js';
import { readHeaders } from './headers.js';
import { numberHunk } from './hunks.js';
import { scanDiff } from './scan.js';
import type { FileDiff, ParsedDiff } from './types.js';

/**
 * Hunk lines of one patch that get line records (and so are read by the C
 * view, the model and the rules). The largest KVM/mm patches have a few
 * thousand; a mail of 1 MiB can hold half a million, and every stage after
 * this one works per line. Lines past it are counted, not read.
 */
export const MAX_DIFF_LINES = 20_000;

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
  /** Hunk lines that get records (default MAX_DIFF_LINES). */
  maxLines?: number;
}

/** Adds the `+` and `-` lines of `body` (diff line numbers) to the file's counts. */
function count(file: FileDiff, body: number[], lines: string[]): void {
  for (const i of body) {
    const c = lines[i]!.charCodeAt(0);
    if (c === 0x2b) file.added++;
    else if (c === 0x2d) file.removed++;
  }
}

/** Parses the diff of ONE patch. Never throws: what cannot be used becomes a diagnostic. */
export function parseDiff(diffText: string, opts: ParseDiffOptions = {}): ParsedDiff {
  const diagnostics: Diagnostic[] = [];
  const at = (diffLine: number): number =>
    opts.inputLineOfFirst !== undefined ? opts.inputLineOfFirst + diffLine : diffLine + 1;
  // One diagnostic per kind of problem in a patch, its first place named and
  // the rest counted: a mangled diff makes the same complaint on every line
  // (a fuzzed mail gave 1,861 "unrecognised diff header"), which says nothing more.
  const kinds = new Map<string, { first: Diagnostic; more: number }>();
  const report = (severity: Diagnostic['severity'], message: string, diffLine: number): void => {
    const kind = `${severity}\0${message.replace(/:.*/, ':').replace(/\d+/g, 'N')}`;
    const seen = kinds.get(kind);
    if (seen) {
      seen.more++;
      return;
    }
    const d: Diagnostic = { severity, message, inputLine: at(diffLine) };
    if (opts.input !== undefined) d.input = opts.input;
    kinds.set(kind, { first: d, more: 0 });
    diagnostics.push(d);
  };
  const done = (files: FileDiff[]): ParsedDiff => {
    for (const { first, more } of kinds.values()) if (more) first.message += ` (and ${more} more like it in this patch)`;
    return { files, diagnostics };
  };
  if (typeof diffText !== 'string') return done([]);

  const scan = scanDiff(diffText);
  for (const p of scan.problems) report(p.severity, p.message, p.line);
  const files: FileDiff[] = [];
  const maxLines = opts.maxLines ?? MAX_DIFF_LINES;
  let room = maxLines;
  let cutAt: number | undefined;
  let total = 0;
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
      total += raw.body.length;
      if (opts.hunks === false || room === 0) {
        count(file, raw.body, scan.lines);
        continue;
      }
      const cut = raw.body.length > room;
      const kept = cut ? { ...raw, body: raw.body.slice(0, room) } : raw;
      if (cut) {
        cutAt ??= raw.body[room]!;
        count(file, raw.body.slice(room), scan.lines);
      }
      room -= kept.body.length;
      const { hunk, problem } = numberHunk(kept, scan.lines, opts.inputLineOfFirst);
      if (problem) report('error', problem, raw.at);
      file.hunks.push(hunk);
      for (const l of hunk.lines) {
        if (l.kind === 'add') file.added++;
        else if (l.kind === 'del') file.removed++;
      }
    }
    if (room === 0 && cutAt === undefined && section.hunks.length) cutAt = section.hunks[0]!.at;
    if (file.binary && section.hunks.length > 0) report('warning', `binary file ${path} also has text hunks`, section.at);
    files.push(file);
  }
  if (scan.sections.length === 0 && diffText.trim() !== '') report('warning', 'no file diff found in the patch text', 0);
  if (cutAt !== undefined && total > maxLines) {
    report('warning', `the diff has ${total} hunk lines; the C view, the model and the rules read the first ${maxLines} (from here on lines are counted, not reviewed)`, cutAt);
  }
  return done(files);
}
