import { formatPerson } from '../common/index.js';
import type { DiffLine, DiffPatch, DiffSeries, FileDiff } from '../diff/index.js';
import type { Location } from '../model/index.js';
import type { Finding, Review } from '../rules/index.js';
import { countSeverities, summaryLine } from './counts.js';
import { esc } from './html-escape.js';
import { designMap } from './html-map.js';
import { CSS, SCRIPT } from './html-style.js';
import { diffMarker, findLine, placedPatch, patchHeader } from './locate.js';
import type { ReportOptions } from './options.js';

/** A rule's web page, else its shipped page embedded in this one (see rulePages). */
function ruleLink(opts: ReportOptions, ruleId: string): string | undefined {
  return opts.docsUrl(ruleId) ?? (opts.docsFile?.(ruleId) ? `#rule-${ruleId}` : undefined);
}

/** The shipped pages of the rules found that have no web page, so the report needs nothing else to explain them. */
function rulePages(review: Review, opts: ReportOptions): string {
  const ids = [...new Set([...review.findings, ...(review.fixed ?? [])].map((f) => f.ruleId))].filter((id) => !opts.docsUrl(id)).sort();
  const pages = ids.flatMap((id) => {
    const page = opts.docsFile?.(id);
    if (!page) return [];
    return [
      `<section class="rule-page" id="rule-${esc(id)}"><h3>${esc(id)}</h3>`,
      `<p class="meta"><code>pmreview explain ${esc(id)}</code> prints this page; it ships with pmreview as <a href="${esc(page.url)}">docs/rules/${esc(id)}.md</a>.</p>`,
      `<pre>${esc(page.text)}</pre></section>`,
    ];
  });
  return pages.length ? ['<section id="rules"><h2>Rules</h2>', ...pages, '</section>'].join('\n') : '';
}

/** Finding numbers are 1-based positions in review.findings: `finding-<n>` ids are stable for links. */
interface Numbered {
  n: number;
  f: Finding;
}

function lineId(si: number, pi: number, fi: number, l: DiffLine): string {
  return l.kind === 'del' ? `L${si}-${pi}-${fi}-o${l.oldLine}` : `L${si}-${pi}-${fi}-n${l.newLine}`;
}

function where(l: Location): string {
  if (!l.file) return l.subject;
  return `${l.file}:${l.line}${l.side === 'old' ? ' (old)' : ''}${l.function ? ` in ${l.function}()` : ''}`;
}

function findingBox({ n, f }: Numbered, opts: ReportOptions, anchors: Map<string, string>): string {
  const ev = f.evidence.map((e) => {
    const id = anchors.get(locKey(e));
    return id ? `<a href="#${esc(id)}">${esc(where(e))}</a>` : esc(where(e));
  });
  const status = f.status && f.status !== 'new' ? ` <span class="status">(${esc(f.status)})</span>` : '';
  const href = ruleLink(opts, f.ruleId);
  return [
    `<div class="finding sev-${f.severity}" id="finding-${n}" data-rule="${esc(f.ruleId)}">`,
    `<span class="sev">${esc(f.severity)}</span> <a class="rule"${href ? ` href="${esc(href)}"` : ''}>${esc(f.ruleId)}</a> <span class="cat">${esc(f.category)}</span>${status}`,
    `<div class="msg">${esc(f.message)}</div>`,
    f.fix ? `<div class="fix"><b>Fix:</b> ${esc(f.fix)}</div>` : '',
    ev.length ? `<div class="ev">Evidence: ${ev.join(', ')}</div>` : '',
    '</div>',
  ].join('');
}

function locKey(l: Location): string {
  return `${l.messageId ?? ''}|${l.patchIndex}|${l.subject}|${l.file}|${l.side}|${l.line}`;
}

function fileTable(si: number, patch: DiffPatch, fi: number, file: FileDiff, onLine: Map<DiffLine, Numbered[]>, opts: ReportOptions, anchors: Map<string, string>): string {
  const head = `<h3 class="file">${esc(file.path)} <small>${esc(file.status)}${file.oldPath && file.oldPath !== file.path ? ` from ${esc(file.oldPath)}` : ''} +${file.added} −${file.removed}</small></h3>`;
  if (file.binary) return `${head}<p>binary file</p>`;
  const rows: string[] = [];
  for (const h of file.hunks) {
    rows.push(`<tr class="hunk"><td class="ln"></td><td class="ln"></td><td class="code">@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ ${esc(h.header)}</td></tr>`);
    for (const l of h.lines) {
      const here = onLine.get(l) ?? [];
      const id = lineId(si, patch.index, fi, l);
      rows.push(
        `<tr id="${id}" class="${l.kind}${here.length ? ' has-finding' : ''}"><td class="ln">${l.oldLine ?? ''}</td><td class="ln">${l.newLine ?? ''}</td><td class="code">${esc(diffMarker(l) + l.text)}</td></tr>`,
      );
      if (here.length) rows.push(`<tr class="finding-row" data-line="${id}"><td colspan="3">${here.map((x) => findingBox(x, opts, anchors)).join('')}</td></tr>`);
    }
  }
  return `${head}<table class="diff"><colgroup><col style="width:4.5em"><col style="width:4.5em"><col></colgroup>${rows.join('\n')}</table>`;
}

function patchSection(si: number, series: DiffSeries, patch: DiffPatch, mine: Numbered[], opts: ReportOptions, anchors: Map<string, string>): string {
  const onLine = new Map<DiffLine, Numbered[]>();
  const loose: Numbered[] = [];
  for (const x of mine) {
    const ref = findLine(patch, x.f.location);
    if (ref) onLine.set(ref.line, [...(onLine.get(ref.line) ?? []), x]);
    else loose.push(x);
  }
  const parts = [
    `<section class="patch" id="patch-${si}-${patch.index}">`,
    `<h2>${esc(patchHeader(patch.subject, patch.index, series.total))}</h2>`,
    `<p class="meta">${esc(formatPerson(patch.author))}${patch.date ? ` · ${esc(patch.date)}` : ''}${patch.messageId ? ` · &lt;${esc(patch.messageId)}&gt;` : ''}</p>`,
  ];
  if (loose.length) parts.push(`<div class="patch-findings">${loose.map((x) => findingBox(x, opts, anchors)).join('')}</div>`);
  patch.files.forEach((file, fi) => parts.push(fileTable(si, patch, fi, file, onLine, opts, anchors)));
  parts.push('</section>');
  return parts.join('\n');
}

function overview(review: Review, byPatch: Map<DiffPatch, Numbered[]>): string {
  const out = ['<section id="overview"><h2>Series</h2>'];
  review.series.forEach((s, si) => {
    out.push(`<h3>${esc(s.title)} v${s.version}${s.rfc ? ' (RFC)' : ''}</h3>`);
    if (s.cover) out.push(`<p>Cover letter: ${esc(s.cover.subject)}</p>`);
    if (s.missing.length) out.push(`<p class="sev-warning">Missing patches: ${s.missing.join(', ')}</p>`);
    out.push('<table class="overview"><tr><th>#</th><th>Subject</th><th>Author</th><th>Files</th><th>+/−</th><th>Errors</th><th>Warnings</th><th>Infos</th></tr>');
    for (const p of s.patches) {
      const c = countSeverities((byPatch.get(p) ?? []).map((x) => x.f));
      out.push(
        `<tr><td class="num">${p.index}/${s.total}</td><td><a href="#patch-${si}-${p.index}">${esc(p.subjectInfo?.title ?? p.subject)}</a></td><td>${esc(p.author.name || p.author.address)}</td><td class="num">${p.files.length}</td><td class="num">+${p.added} −${p.removed}</td><td class="num sev-error">${c.error}</td><td class="num sev-warning">${c.warning}</td><td class="num sev-info">${c.info}</td></tr>`,
      );
    }
    out.push('</table>');
  });
  out.push('</section>');
  return out.join('\n');
}

/** One self-contained page: overview, design map, every patch's diff with findings under their lines. */
export function formatHtml(review: Review, opts: ReportOptions): string {
  const numbered = review.findings.map((f, i) => ({ n: i + 1, f }));
  const byPatch = new Map<DiffPatch, Numbered[]>();
  const unplaced: Numbered[] = [];
  for (const x of numbered) {
    const ref = placedPatch(review, x.f.location);
    if (ref) byPatch.set(ref.patch, [...(byPatch.get(ref.patch) ?? []), x]);
    else unplaced.push(x);
  }
  // Anchors of every diff line a location can name, for evidence links.
  const anchors = new Map<string, string>();
  for (const loc of review.findings.flatMap((f) => f.evidence)) {
    const ref = placedPatch(review, loc);
    const line = ref && findLine(ref.patch, loc);
    if (ref && line) anchors.set(locKey(loc), lineId(review.series.indexOf(ref.series), ref.patch.index, ref.patch.files.indexOf(line.file), line.line));
  }
  const title = review.series.length === 1 ? `${review.series[0]!.title} v${review.series[0]!.version}` : `${review.series.length} series`;
  const body = [
    `<header><h1>${esc(opts.tool.name)} review: ${esc(title)}</h1><p class="summary">${esc(summaryLine(review))}</p>`,
    '<p class="filters">Show: <label><input type="checkbox" data-severity="error" checked> errors</label><label><input type="checkbox" data-severity="warning" checked> warnings</label><label><input type="checkbox" data-severity="info" checked> infos</label></p></header>',
    overview(review, byPatch),
    designMap(review, opts.map),
  ];
  if (unplaced.length) body.push(`<section id="series-findings"><h2>Series findings</h2>${unplaced.map((x) => findingBox(x, opts, anchors)).join('')}</section>`);
  review.series.forEach((s, si) => {
    for (const p of s.patches) body.push(patchSection(si, s, p, byPatch.get(p) ?? [], opts, anchors));
  });
  const pages = rulePages(review, opts);
  if (pages) body.push(pages);
  if (review.diagnostics.length) {
    body.push(`<section id="diagnostics"><h2>Input diagnostics</h2><ul>${review.diagnostics.map((d) => `<li class="sev-${d.severity}">${esc(`${d.input ?? '<input>'}:${d.inputLine ?? 1}: ${d.severity}: ${d.message}`)}</li>`).join('')}</ul></section>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(opts.tool.name)}: ${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
