import { mdCode, mdText, noCommands, oneLine, visible } from '../common/index.js';
import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';
import { countSeverities, summaryLine } from './counts.js';
import { groupFindings } from './groups.js';
import { diffMarker, findLine, placedPatch, neighbours } from './locate.js';
import type { ReportOptions } from './options.js';

function fenced(lang: string, quoted: string[]): string[] {
  const lines = quoted.map(oneLine);
  const run = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(run + 1);
  return [fence + lang, ...lines, fence];
}

function where(l: Location): string {
  if (!l.file) return 'the patch as a whole';
  const fn = l.function ? ` in ${mdCode(l.function + '()')}` : '';
  return `${mdCode(`${l.file}:${l.line}`)}${l.side === 'old' ? ' (removed line)' : ''}${fn}`;
}

/** The finding's line and its neighbours from the hunk, diff markers kept. */
function quote(review: Review, loc: Location): string[] {
  const ref = placedPatch(review, loc);
  const line = ref && findLine(ref.patch, loc);
  if (!line) return loc.file && loc.text ? fenced('c', [loc.text]) : [];
  return fenced('diff', neighbours(line).map((l) => diffMarker(l) + l.text));
}

/**
 * A rule id linked to its web page. With none known, no link: a file: URL
 * means nothing in a pull-request comment, so the reader is told the command
 * (see the closing note).
 */
function ruleRef(ruleId: string, opts: ReportOptions): string {
  const url = opts.docsUrl(ruleId);
  return url ? `[${mdText(ruleId)}](${url})` : mdCode(ruleId);
}

function finding(review: Review, f: Finding, n: number, opts: ReportOptions): string[] {
  const status = f.status && f.status !== 'new' ? ` (${f.status})` : '';
  const out = [
    `#### ${n}. ${f.severity}: ${ruleRef(f.ruleId, opts)} ${mdCode(f.category)} at ${where(f.location)}${status}`,
    '',
    mdText(f.message),
  ];
  const quoted = quote(review, f.location);
  if (quoted.length) out.push('', ...quoted);
  if (f.fix) out.push('', `**Fix:** ${mdText(f.fix)}`);
  if (f.evidence.length) {
    out.push('', '<details><summary>Evidence</summary>', '');
    for (const e of f.evidence) out.push(`- ${where(e)}${e.file ? '' : ` (${mdText(e.subject)})`}: ${e.text ? mdCode(e.text.trim()) : ''}`);
    out.push('', '</details>');
  }
  out.push('');
  return out;
}

/** A pull-request comment: a patch × severity table, then every finding with its lines and fix. */
export function formatMarkdown(review: Review, opts: ReportOptions): string {
  const groups = groupFindings(review);
  const out = [`## ${mdText(opts.tool.name)}: ${summaryLine(review)}`, ''];
  if (groups.length) {
    out.push('| Patch | Errors | Warnings | Infos |', '| --- | ---: | ---: | ---: |');
    for (const g of groups) {
      const c = countSeverities(g.findings);
      out.push(`| ${mdText(g.header)} | ${c.error} | ${c.warning} | ${c.info} |`);
    }
    const t = countSeverities(review.findings);
    out.push(`| **Total** | **${t.error}** | **${t.warning}** | **${t.info}** |`, '');
  } else {
    out.push('No findings.', '');
  }
  let n = 0;
  for (const g of groups) {
    out.push(`### ${mdText(g.header)}`, '');
    for (const f of g.findings) out.push(...finding(review, f, ++n, opts));
  }
  if (review.fixed?.length) {
    out.push('### Fixed since the older version', '');
    for (const f of review.fixed) out.push(`- ${ruleRef(f.ruleId, opts)} ${mdText(f.message)}`);
    out.push('');
  }
  if ([...review.findings, ...(review.fixed ?? [])].some((f) => !opts.docsUrl(f.ruleId))) {
    out.push(`Each rule's page: ${mdCode('pmreview explain <id>')} prints it (${mdCode('docs/rules/<id>.md')} in the installed ${mdText(opts.tool.name)}).`, '');
  }
  if (review.diagnostics.length) {
    out.push(`<details><summary>${review.diagnostics.length} input diagnostics</summary>`, '');
    for (const d of review.diagnostics) out.push(`- ${d.severity}: ${mdText(`${d.input ?? '<input>'}:${d.inputLine ?? 1}`)}: ${mdText(d.message)}`);
    out.push('', '</details>', '');
  }
  // quoted diff lines are input too: shown by their codes, and no line a CI runner takes for a command
  return noCommands(visible(out.join('\n')));
}
