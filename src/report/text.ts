import type { Severity } from '../common/index.js';
import type { Finding, Review } from '../rules/index.js';
import { summaryLine } from './counts.js';
import { groupFindings } from './groups.js';
import { findPatch } from './locate.js';
import type { ReportOptions } from './options.js';

const ANSI: Record<Severity | 'bold' | 'dim', string> = { error: '1;31', warning: '1;33', info: '1;36', bold: '1', dim: '2' };

function paint(on: boolean, style: keyof typeof ANSI, s: string): string {
  return on ? `\u001b[${ANSI[style]}m${s}\u001b[0m` : s;
}

/**
 * Where a finding points for an editor: the file and line in the patched tree,
 * or, for a point about the patch as a whole, the mail in the input mbox.
 */
function position(review: Review, f: Finding): string {
  const loc = f.location;
  if (loc.file && loc.line >= 1) return `${loc.file}:${loc.line}:1`;
  const ref = findPatch(review, loc);
  const input = ref?.patch.input ?? ref?.series.cover?.input;
  const line = loc.inputLine ?? ref?.patch.line;
  if (input && line) return `${input}:${line}:1`;
  return `${input ?? '<series>'}:1:1`;
}

/** One line per finding in the `file:line:col: severity: message [id]` shape vim's and emacs' defaults parse. */
export function formatText(review: Review, opts: ReportOptions): string {
  const color = opts.color === true;
  const out: string[] = [];
  for (const g of groupFindings(review)) {
    out.push(paint(color, 'bold', g.header));
    for (const f of g.findings) {
      const status = f.status && f.status !== 'new' ? ` (${f.status})` : '';
      out.push(`${position(review, f)}: ${paint(color, f.severity, f.severity)}: ${f.message} [${f.ruleId}]${status}`);
      if (f.fix) out.push(`    ${paint(color, 'dim', 'fix:')} ${f.fix}`);
    }
    out.push('');
  }
  if (review.fixed?.length) {
    out.push(paint(color, 'bold', 'Fixed since the older version'));
    for (const f of review.fixed) out.push(`    [${f.ruleId}] ${f.location.file || f.location.subject}: ${f.message}`);
    out.push('');
  }
  for (const d of review.diagnostics) {
    const where = `${d.input ?? '<input>'}:${d.line ?? 1}`;
    const mid = d.messageId ? ` (message ${d.messageId})` : '';
    out.push(`${where}: ${paint(color, d.severity, d.severity)}: ${d.message}${mid}`);
  }
  out.push(summaryLine(review));
  return out.join('\n') + '\n';
}
