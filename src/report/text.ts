import { noCommands, oneLine, type Severity } from '../common/index.js';
import type { Finding, Review } from '../rules/index.js';
import { summaryLine } from './counts.js';
import { groupFindings } from './groups.js';
import { placedPatch } from './locate.js';
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
  if (loc.file && loc.line >= 1) return `${oneLine(loc.file)}:${loc.line}:1`;
  const ref = placedPatch(review, loc);
  const input = loc.input;
  const line = loc.inputLine ?? ref?.patch.line;
  if (input && line) return `${oneLine(input)}:${line}:1`;
  return `${input ? oneLine(input) : '<series>'}:1:1`;
}

/** One line per finding in the `file:line:col: severity: message [id]` shape vim's and emacs' defaults parse. */
export function formatText(review: Review, opts: ReportOptions): string {
  const color = opts.color === true;
  const out: string[] = [];
  for (const g of groupFindings(review)) {
    out.push(paint(color, 'bold', oneLine(g.header)));
    for (const f of g.findings) {
      const status = f.status && f.status !== 'new' ? ` (${f.status})` : '';
      out.push(`${position(review, f)}: ${paint(color, f.severity, f.severity)}: ${oneLine(f.message)} [${f.ruleId}]${status}`);
      if (f.fix) out.push(`    ${paint(color, 'dim', 'fix:')} ${oneLine(f.fix)}`);
    }
    out.push('');
  }
  if (review.fixed?.length) {
    out.push(paint(color, 'bold', 'Fixed since the older version'));
    for (const f of review.fixed) out.push(`    [${f.ruleId}] ${oneLine(f.location.file || f.location.subject)}: ${oneLine(f.message)}`);
    out.push('');
  }
  for (const d of review.diagnostics) {
    const where = `${oneLine(d.input ?? '<input>')}:${d.inputLine ?? 1}`;
    const mid = d.messageId ? ` (message ${oneLine(d.messageId)})` : '';
    out.push(`${where}: ${paint(color, d.severity, d.severity)}: ${oneLine(d.message)}${mid}`);
  }
  out.push(summaryLine(review));
  // Input is shown one line per value, its controls by their codes; no line can be a CI command.
  return noCommands(out.join('\n') + '\n');
}
