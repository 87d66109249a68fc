import type { DiffPatch, DiffSeries, Hunk } from '../diff/index.js';
import type { Location, Model, Touch } from './types.js';
import { summarizeSeries, type SeriesSummary, type SiteSummary } from './summary.js';

/** `direct-map: remove (set_direct_map_invalid_noflush, one page) · tlb: no flush in function` */
export function touchText(t: Touch): string {
  const [first, ...rest] = (t.detail ?? '').split(' · ').filter(Boolean);
  const head = `${t.concept}: ${t.role} (${t.symbol}${first ? `, ${first}` : ''})`;
  return [head, ...rest].join(' · ');
}

function ofPatch(p: DiffPatch, touches: Touch[]): Touch[] {
  return touches.filter((t) => t.location.patchIndex === p.index && t.location.subject === p.subject && (t.location.messageId ?? undefined) === (p.messageId ?? undefined));
}

function inHunk(h: Hunk, t: Touch): boolean {
  const [start, count] = t.location.side === 'new' ? [h.newStart, h.newLines] : [h.oldStart, h.oldLines];
  return t.location.line >= start && t.location.line < start + Math.max(count, 1);
}

interface HunkMap {
  file: string;
  header: string;
  oldStart: number;
  newStart: number;
  lines: { line: number; side: 'new' | 'old'; function?: string; touches: Touch[] }[];
}

function hunksOf(p: DiffPatch, touches: Touch[]): HunkMap[] {
  const mine = ofPatch(p, touches);
  const out: HunkMap[] = [];
  for (const f of p.files) {
    for (const h of f.hunks) {
      const here = mine.filter((t) => t.location.file === f.path && inHunk(h, t));
      if (!here.length) continue;
      const lines: HunkMap['lines'] = [];
      for (const t of here) {
        let l = lines.find((x) => x.line === t.location.line && x.side === t.location.side);
        if (!l) {
          l = { line: t.location.line, side: t.location.side, touches: [] };
          if (t.location.function) l.function = t.location.function;
          lines.push(l);
        }
        l.touches.push(t);
      }
      out.push({ file: f.path, header: h.header, oldStart: h.oldStart, newStart: h.newStart, lines });
    }
  }
  return out;
}

function siteText(s: SiteSummary): string {
  return `${s.location.file}:${s.location.line}${s.function ? ` ${s.function}` : ''}  ${s.symbol}${s.detail ? ` (${s.detail})` : ''}  [patch ${s.location.patchIndex}]`;
}

function summaryText(s: SeriesSummary): string[] {
  const out = ['  Summary:'];
  const concepts = Object.entries(s.concepts).map(([c, n]) => `${c} ${n}`).join(', ');
  out.push(`    concepts touched: ${concepts || 'none'}`);
  const list = (title: string, items: string[]) => {
    out.push(`    ${title}:${items.length ? '' : ' none'}`);
    for (const i of items) out.push(`      ${i}`);
  };
  list('new flags and numbers', s.newFlags.map((f) => `${f.symbol}${f.value ? ` = ${f.value}` : ''}${f.number ? ` (${f.registry} ${f.number})` : f.registry ? ` (${f.registry})` : ''} — ${f.status}${f.alsoClaimedBy.length ? `; also claimed by ${f.alsoClaimedBy.join(', ')}` : ''}  [patch ${f.location.patchIndex}]`));
  list('GUP paths touched', s.gupPaths.map(siteText));
  list('direct-map removal sites', s.removals.map(siteText));
  list('direct-map restore sites', s.restores.map(siteText));
  list('kernel TLB flushes added', s.flushes.map(siteText));
  list('ASI annotations added', s.asiAnnotations.map(siteText));
  if (s.documented.length) out.push(`    documented: ${s.documented.join(', ')}`);
  if (s.tested.length) out.push(`    named in selftests: ${s.tested.join(', ')}`);
  return out;
}

/** A location with the fields and order the map document has, whatever else a Location carries. */
function locationJson(l: Location): Record<string, unknown> {
  const out: Record<string, unknown> = { patchIndex: l.patchIndex, subject: l.subject, file: l.file, line: l.line, side: l.side, text: l.text };
  if (l.messageId) out.messageId = l.messageId;
  if (l.function) out.function = l.function;
  if (l.inputLine !== undefined) out.inputLine = l.inputLine;
  return out;
}

/** The design map of each series: per patch and hunk the touches, then the series summary. */
export function formatMap(series: DiffSeries[], touches: Touch[], model: Model, format: 'text' | 'json'): string {
  if (format === 'json') {
    const doc = {
      kernel: model.kernel,
      series: series.map((s) => ({
        id: s.id,
        title: s.title,
        version: s.version,
        patches: s.patches.map((p) => ({ index: p.index, subject: p.subject, messageId: p.messageId ?? null, hunks: hunksOf(p, touches) })),
        summary: summarizeSeries(s, touches, model),
      })),
    };
    return JSON.stringify(doc, (k, v: unknown) => (typeof v === 'bigint' ? v.toString() : k === 'location' ? locationJson(v as Location) : v), 2) + '\n';
  }
  const out: string[] = [];
  for (const s of series) {
    out.push(`Series: ${s.title} v${s.version} (${s.patches.length} patch${s.patches.length === 1 ? '' : 'es'}; model for Linux ${model.kernel})`);
    for (const p of s.patches) {
      const hunks = hunksOf(p, touches);
      out.push(`  [${p.index}/${p.total}] ${p.subject}${hunks.length ? '' : '  — no protected-memory touches'}`);
      for (const h of hunks) {
        out.push(`    @@ ${h.file} -${h.oldStart} +${h.newStart} @@${h.header ? ` ${h.header}` : ''}`);
        for (const l of h.lines) {
          // A plain `use` (folio_page inside a zap call) adds nothing next to a more specific touch.
          const shown = l.touches.some((t) => t.role !== 'use') ? l.touches.filter((t) => t.role !== 'use') : l.touches;
          out.push(`      ${h.file}:${l.line}${l.side === 'old' ? ' (removed line)' : ''}${l.function ? ` ${l.function}` : ''}  ${shown.map(touchText).join(' · ')}`);
        }
      }
    }
    out.push(...summaryText(summarizeSeries(s, touches, model)), '');
  }
  if (!series.length) out.push('No patch series in the input.');
  return out.join('\n') + '\n';
}
