import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Severity } from '../common/index.js';
import { hunkFunction, locationAt, type DiffPatch } from '../diff/index.js';
import type { Category, Location } from '../model/index.js';
import { fingerprintOf, patchLevelLocation, type Finding } from '../rules/index.js';
import type { KernelTree } from './types.js';

/** checkpatch types about the commit message and tags rather than the code. */
const HYGIENE_TYPES = new Set([
  'SIGN_OFF', 'MISSING_SIGN_OFF', 'NO_AUTHOR_SIGN_OFF', 'FROM_SIGN_OFF_MISMATCH', 'BAD_SIGN_OFF', 'DUPLICATE_SIGN_OFF',
  'COMMIT_LOG_LONG_LINE', 'COMMIT_LOG_USE_LINK', 'COMMIT_LOG_VERSIONING', 'COMMIT_MESSAGE', 'COMMIT_COMMENT_SYMBOL',
  'BAD_FIXES_TAG', 'GIT_COMMIT_ID', 'EMAIL_SUBJECT', 'UNKNOWN_COMMIT_ID', 'BAD_REPORTED_BY_LINK', 'BAD_STABLE_ADDRESS_STYLE',
  'BAD_SIGN_OFF', 'EMBEDDED_FILENAME', 'FILE_PATH_CHANGES', 'GERRIT_CHANGE_ID', 'PATCH_PREFIX', 'MISSING_FIXES_TAG',
  'DIFF_IN_COMMIT_MSG', 'CONFIG_DESCRIPTION', 'NOT_UNIFIED_DIFF', 'MODIFIED_INCLUDE_ASM',
]);

const LEVEL: Record<string, Severity> = { ERROR: 'error', WARNING: 'warning', CHECK: 'info' };

export interface CheckpatchOptions {
  /** `--strict`: also the CHECK level. */
  strict?: boolean;
  /** `--ignore` types; `C99_COMMENT_TOLERANCE` here makes checkpatch report `//` comments. */
  ignore?: string[];
  /** Seconds before checkpatch is stopped (it is super-linear on big patches). */
  timeoutSeconds?: number;
}

export interface CheckpatchResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** One `-:LINE: LEVEL:TYPE: message` line of `--terse --show-types` output. */
export interface CheckpatchReport {
  inputLine: number;
  level: string;
  type: string;
  message: string;
}

export function parseCheckpatchOutput(output: string): CheckpatchReport[] {
  const out: CheckpatchReport[] = [];
  for (const line of output.split('\n')) {
    const m = /^[^:\s]*:(\d+): (ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$/.exec(line);
    if (m) out.push({ inputLine: Number(m[1]), level: m[2]!, type: m[3]!, message: m[4]!.trim() });
  }
  return out;
}

/**
 * Runs the tree's own checkpatch on one patch mail (one patch at a time, as
 * b4 does: a multi-patch mbox confuses it, ANCHORS.md §2.1) and maps each
 * report to a Finding on the patch line it names.
 */
export async function runCheckpatch(tree: KernelTree, patchMailText: string, patch: DiffPatch, opts: CheckpatchOptions = {}): Promise<CheckpatchResult> {
  const script = path.join(tree.dir, 'scripts', 'checkpatch.pl');
  const input = `tree:${tree.dir}`;
  if (!existsSync(script)) return { findings: [], diagnostics: [{ severity: 'info', input, message: 'no scripts/checkpatch.pl in the tree; checkpatch not run' }] };
  const args = [script, '--no-tree', '--show-types', '--terse', '--no-summary', '--color=never'];
  if (opts.strict) args.push('--strict');
  if (opts.ignore?.length) args.push('--ignore', opts.ignore.join(','));
  args.push('-');
  const run = await runPerl(args, tree.dir, patchMailText, (opts.timeoutSeconds ?? 120) * 1000);
  if (run.error) {
    return { findings: [], diagnostics: [{ severity: 'warning', input: patch.input, inputLine: patch.line, messageId: patch.messageId, message: `patch ${patch.index}: checkpatch failed: ${run.error}` }] };
  }
  const reports = parseCheckpatchOutput(run.stdout);
  const mailLines = patchMailText.split('\n');
  const diffStart = findDiffStart(mailLines, patch.diffText);
  return { findings: reports.map((r) => toFinding(r, patch, mailLines, diffStart)), diagnostics: [] };
}

function findDiffStart(mailLines: string[], diffText: string): number {
  const first = diffText.split('\n')[0];
  const at = first === undefined ? -1 : mailLines.indexOf(first);
  return at >= 0 ? at : mailLines.findIndex((l) => l.startsWith('diff --git '));
}

function toFinding(r: CheckpatchReport, patch: DiffPatch, mailLines: string[], diffStart: number): Finding {
  const ruleId = `checkpatch/${r.type}`;
  const hygiene = HYGIENE_TYPES.has(r.type);
  const category: Category = hygiene ? 'series-hygiene' : 'kernel-style';
  const location = locate(r.inputLine, patch, mailLines, diffStart, hygiene);
  return {
    ruleId,
    category,
    severity: LEVEL[r.level] ?? 'warning',
    message: r.message,
    fix: `See ${r.type} in Documentation/dev-tools/checkpatch.rst.`,
    refs: ['tree:scripts/checkpatch.pl'],
    fingerprint: fingerprintOf(ruleId, location),
    location,
    evidence: [],
  };
}

/** Input line → the diff line it is, else a patch-level location quoting the commit-message line. */
function locate(inputLine: number, patch: DiffPatch, mailLines: string[], diffStart: number, hygiene: boolean): Location {
  const idx = inputLine - 1;
  if (diffStart >= 0 && idx >= diffStart && !hygiene) {
    const diffLine = idx - diffStart;
    let best: { file: DiffPatch['files'][number]; line?: DiffPatch['files'][number]['hunks'][number]['lines'][number]; hunk?: DiffPatch['files'][number]['hunks'][number] } | undefined;
    for (const file of patch.files) {
      for (const hunk of file.hunks) {
        for (const line of hunk.lines) {
          if (line.diffLine === diffLine) best = { file, hunk, line };
          // A report on a header line (`+++ b/…`) belongs to the file that follows.
          else if (!best && line.diffLine > diffLine) best = { file, hunk };
        }
      }
      if (best?.line) break;
    }
    if (best) {
      const dl = best.line ?? best.hunk?.lines[0];
      const side = dl?.kind === 'del' ? 'old' : 'new';
      const fn = best.hunk ? enclosingFunction(best.hunk, dl) ?? hunkFunction(best.hunk.header) : undefined;
      const line = (side === 'old' ? dl?.oldLine : dl?.newLine) ?? 0;
      return locationAt(patch, { file: best.file.path, side, line, text: '', function: fn }, dl && { line: dl });
    }
  }
  const level = patchLevelLocation(patch);
  const text = mailLines[idx]?.trim();
  return text ? { ...level, text } : level;
}

/** A definition that starts inside the hunk before the line beats the hunk header, which names the function before the hunk. */
function enclosingFunction(hunk: DiffPatch['files'][number]['hunks'][number], at: DiffPatch['files'][number]['hunks'][number]['lines'][number] | undefined): string | undefined {
  if (!at) return undefined;
  let name: string | undefined;
  for (const l of hunk.lines) {
    if (l === at) break;
    if (l.kind === 'del') continue;
    const def = /^[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*\([^;]*$/.exec(l.text);
    if (def && !/^(if|for|while|switch|return)\b/.test(l.text)) name = def[1];
    else if (/^\}/.test(l.text)) name = undefined;
  }
  return name;
}

function runPerl(args: string[], cwd: string, stdin: string, timeoutMs: number): Promise<{ stdout: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn('perl', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => resolve({ stdout, error: err.message }));
    child.on('close', (code, signal) => {
      // checkpatch exits 1 when it reports errors; only a signal or no parseable output is a failure.
      if (signal) resolve({ stdout, error: `stopped by ${signal}` });
      else if (code !== 0 && code !== 1) resolve({ stdout, error: `exit ${code}: ${stderr.trim().split('\n')[0] ?? ''}` });
      else resolve({ stdout });
    });
    child.stdin.on('error', () => {
      // perl may exit before reading everything; close() reports the outcome
    });
    child.stdin.end(stdin);
  });
}
