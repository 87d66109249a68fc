import { formatPerson } from '../common/index.js';
import type { DiffSeries, FileDiff } from '../diff/index.js';
import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';
import { countSeverities, patchCount } from './counts.js';
import type { ReportOptions } from './options.js';

/*
 * The document of docs/json.md. Objects are built literal by literal so the
 * key order is the documented one. As the document says, a field without a
 * value is left out (only `cover` is ever null), and Message-IDs are written
 * as in the mail, with angle brackets.
 */

/** Object from entries, leaving out undefined values but keeping the order. */
function obj(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

/** `<id>`; ordinals (`#3`) and ids already bracketed stay as they are. */
export function bracketed(id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  return id.startsWith('<') || id.startsWith('#') ? id : `<${id}>`;
}

function file(f: FileDiff): Record<string, unknown> {
  const out: Record<string, unknown> = { path: f.path, status: f.status, added: f.added, removed: f.removed, binary: f.binary };
  if ((f.status === 'renamed' || f.status === 'copied') && f.oldPath) out.oldPath = f.oldPath;
  return out;
}

function series(s: DiffSeries): Record<string, unknown> {
  return {
    title: s.title,
    version: s.version,
    rfc: s.rfc,
    cover: s.cover ? obj([['messageId', bracketed(s.cover.messageId)], ['subject', s.cover.subject]]) : null,
    patches: s.patches.map((p) =>
      obj([
        ['index', p.index],
        ['total', p.total],
        ['messageId', bracketed(p.messageId)],
        ['subject', p.subject],
        ['author', formatPerson(p.author)],
        ['date', p.date],
        ['files', p.files.map(file)],
        ['added', p.added],
        ['removed', p.removed],
      ]),
    ),
    missing: [...s.missing],
    ...(s.baseCommit ? { baseCommit: s.baseCommit } : {}),
  };
}

export function locationJson(l: Location): Record<string, unknown> {
  return obj([
    ['patchIndex', l.patchIndex],
    ['messageId', bracketed(l.messageId)],
    ['subject', l.subject],
    ['file', l.file],
    ['line', l.line],
    ['side', l.side],
    ['function', l.function || undefined],
    ['text', l.text],
  ]);
}

function finding(f: Finding, status?: Finding['status']): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    refs: [...f.refs],
    fingerprint: f.fingerprint,
    location: locationJson(f.location),
  };
  if (f.evidence.length) out.evidence = f.evidence.map(locationJson);
  const st = status ?? f.status;
  if (st) out.status = st;
  return out;
}

/**
 * The JSON document as a value (bigint-free by construction: every number
 * comes from a `number` field). Findings of an older version that are gone
 * follow the current ones with status `fixed`; the summary counts only the
 * current ones, so its verdict is about the series as it is now.
 */
export function reviewJson(review: Review, opts: ReportOptions): Record<string, unknown> {
  const c = countSeverities(review.findings);
  return {
    tool: { name: opts.tool.name, version: opts.tool.version },
    series: review.series.map(series),
    findings: [...review.findings.map((f) => finding(f)), ...(review.fixed ?? []).map((f) => finding(f, 'fixed'))],
    diagnostics: review.diagnostics.map((d) =>
      obj([
        ['severity', d.severity],
        ['message', d.message],
        ['input', d.input],
        // The document's field for the input line (docs/json.md) keeps its name.
        ['line', d.inputLine],
        ['messageId', bracketed(d.messageId)],
      ]),
    ),
    summary: {
      messages: review.messages,
      series: review.series.length,
      patches: patchCount(review),
      findings: review.findings.length,
      errors: c.error,
      warnings: c.warning,
      infos: c.info,
    },
  };
}

export function formatJson(review: Review, opts: ReportOptions): string {
  return JSON.stringify(reviewJson(review, opts), null, 2) + '\n';
}
