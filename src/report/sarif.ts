import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';
import { SARIF_LEVEL } from './levels.js';
import { anchorOf, placedPatch } from './locate.js';
import { ruleHref, type ReportOptions } from './options.js';
import { ruleTable } from './rule-table.js';

/** Repository-relative URI; each segment escaped so the schema's uri-reference format holds. */
function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physical(review: Review, loc: Location): Record<string, unknown> {
  const a = anchorOf(review, loc);
  const region: Record<string, unknown> = { startLine: a.line };
  if (a.exact && loc.text) region.snippet = { text: loc.text };
  return { artifactLocation: { uri: uri(a.path), uriBaseId: '%SRCROOT%' }, region };
}

function result(review: Review, f: Finding, index: Map<string, number>): Record<string, unknown> {
  const exact = anchorOf(review, f).exact;
  const ref = placedPatch(review, f.location);
  const properties: Record<string, unknown> = { category: f.category, patch: f.location.subject, patchIndex: f.location.patchIndex };
  if (f.location.side === 'old') properties.side = 'old';
  if (!exact) properties.patchLevel = true;
  if (ref?.patch.messageId) properties.messageId = ref.patch.messageId;
  if (f.status) properties.status = f.status;
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId)!,
    level: SARIF_LEVEL[f.severity],
    message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
    locations: [{ physicalLocation: physical(review, f.location) }],
    partialFingerprints: { 'pmreview/v1': f.fingerprint },
  };
  if (f.evidence.length) {
    out.relatedLocations = f.evidence.map((e, i) => ({
      id: i + 1,
      physicalLocation: physical(review, e),
      message: { text: e.text || e.subject },
    }));
  }
  out.properties = properties;
  return out;
}

/**
 * With no web page for the rule, helpUri is the page shipped with pmreview
 * (a file: URL, good on the machine that ran it) and the page itself goes
 * into help.markdown, which code-scanning viewers show wherever the log is read.
 */
function help(id: string, text: string, opts: ReportOptions): Record<string, string> {
  if (opts.docsUrl(id)) return { text };
  const page = opts.docsFile?.(id);
  if (!page) return { text };
  return { text: `${text} (pmreview explain ${id} prints the rule's page.)`, markdown: page.text };
}

/** SARIF 2.1.0 as GitHub code scanning reads it: one run, rules with help pages, fingerprints. */
export function formatSarif(review: Review, opts: ReportOptions): string {
  const rules = ruleTable(opts.rules, review.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: opts.tool.name,
            version: opts.tool.version,
            semanticVersion: /^\d+\.\d+\.\d+/.test(opts.tool.version) ? opts.tool.version : undefined,
            informationUri: opts.homeUrl,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.fix ? `${r.summary} ${r.fix}` : r.summary },
              helpUri: ruleHref(opts, r.id),
              help: help(r.id, r.fix || r.summary, opts),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: [r.category] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: review.diagnostics.map((d) => ({
              level: SARIF_LEVEL[d.severity],
              message: { text: d.messageId ? `${d.message} (message ${d.messageId})` : d.message },
              ...(d.input ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(d.input) }, region: { startLine: Math.max(d.inputLine ?? 1, 1) } } }] } : {}),
            })),
          },
        ],
        results: review.findings.map((f) => result(review, f, index)),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
