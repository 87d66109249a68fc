import { SEVERITY_RANK } from '../common/index.js';
import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';
import { RDJSON_SEVERITY } from './levels.js';
import { anchorOf } from './locate.js';
import { ruleHref, type ReportOptions } from './options.js';

/*
 * reviewdog's Reviewdog Diagnostic Format (proto/rdf/reviewdog.proto, JSON
 * field names in lowerCamelCase as protojson writes them). No suggestions:
 * pmreview's fixes are advice, not replacement text.
 */

function location(review: Review, loc: Location): Record<string, unknown> {
  const a = anchorOf(review, loc);
  return { path: a.path, range: { start: { line: a.line, column: 1 } } };
}

/** The tool, with its home page when package.json names one (the field is optional). */
function source(opts: ReportOptions): Record<string, string> {
  return opts.homeUrl ? { name: opts.tool.name, url: opts.homeUrl } : { name: opts.tool.name };
}

function diagnostic(review: Review, f: Finding, opts: ReportOptions, withSource: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    message: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message,
    location: location(review, f.location),
    severity: RDJSON_SEVERITY[f.severity],
  };
  if (withSource) out.source = source(opts);
  const url = ruleHref(opts, f.ruleId);
  out.code = url ? { value: f.ruleId, url } : { value: f.ruleId };
  if (f.evidence.length) {
    out.relatedLocations = f.evidence.map((e) => ({ message: e.text || e.subject, location: location(review, e) }));
  }
  const a = anchorOf(review, f.location);
  out.originalOutput = `${a.path}:${a.line}:1: ${f.severity}: ${f.message} [${f.ruleId}]`;
  return out;
}

/** One DiagnosticResult; its severity is the worst one present (reviewdog's default for the run). */
export function formatRdjson(review: Review, opts: ReportOptions): string {
  let worst: Finding['severity'] = 'info';
  for (const f of review.findings) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  const doc = {
    source: source(opts),
    severity: RDJSON_SEVERITY[worst],
    diagnostics: review.findings.map((f) => diagnostic(review, f, opts, false)),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** One Diagnostic per line, each naming its source (reviewdog -f=rdjsonl). */
export function formatRdjsonl(review: Review, opts: ReportOptions): string {
  return review.findings.map((f) => JSON.stringify(diagnostic(review, f, opts, true)) + '\n').join('');
}
