import type { Concept, Role, Touch } from '../model/index.js';
import type { DiffSeries } from '../diff/index.js';
import type { Review } from '../rules/index.js';
import { CONCEPTS } from '../model/index.js';
import { esc } from './html-escape.js';
import { placedSeries } from './locate.js';

/*
 * The design map as a patch × concept grid. A cell shows the roles a patch
 * plays for a concept; its colour is the role that matters most to a reviewer
 * of protected memory (taking pages out of the direct map before flushing,
 * restoring, pinning …), so a lifecycle hole shows as a missing colour.
 */
export const ROLE_ORDER: Role[] = [
  'remove', 'restore', 'flush', 'decrypt', 'encrypt', 'protect', 'pin', 'refuse', 'check-flag', 'check-capability', 'define-flag', 'allocate', 'free',
  'access', 'register-aop', 'enter', 'exit', 'annotate', 'acquire', 'release', 'assert', 'user-copy', 'document', 'test', 'use',
];

export const ROLE_COLOUR: Record<Role, string> = {
  remove: '#d64545', restore: '#3a9d5d', flush: '#e08a1e', pin: '#8a5cc2', refuse: '#b5651d',
  'check-flag': '#2a9d9d', 'check-capability': '#1f7a8c', 'define-flag': '#4aa3df', allocate: '#5b7fd6', free: '#7b8fb8',
  access: '#c2549a', 'register-aop': '#6b8e23', enter: '#9c7c38', exit: '#b59b5c', annotate: '#8d99ae',
  document: '#adb5bd', test: '#ced4da', use: '#e3e6ea',
  decrypt: '#a23b72', encrypt: '#2e6f40', protect: '#c9a227', acquire: '#6c757d', release: '#868e96', assert: '#495057', 'user-copy': '#9aa5b1',
};

function dominant(roles: Set<Role>): Role {
  return ROLE_ORDER.find((r) => roles.has(r)) ?? 'use';
}

function seriesGrid(series: DiffSeries, si: number, touches: Touch[]): string {
  const concepts = CONCEPTS.filter((c) => touches.some((t) => t.concept === c));
  if (!concepts.length) return '';
  // Every patch gets a row, so a patch that touches nothing shows as a gap.
  const rows = [...new Set([...series.patches.map((p) => p.index), ...touches.map((t) => t.location.patchIndex)])].sort((a, b) => a - b);
  const cells = new Map<string, Touch[]>();
  for (const t of touches) {
    const k = `${t.location.patchIndex}/${t.concept}`;
    cells.set(k, [...(cells.get(k) ?? []), t]);
  }
  const out = [
    `<div class="map-grid" role="table" aria-label="design map" style="grid-template-columns: minmax(12em, 22em) repeat(${concepts.length}, minmax(6.5em, 1fr))">`,
    '<div class="map-head" role="columnheader">patch</div>',
    ...concepts.map((c) => `<div class="map-head" role="columnheader">${esc(c)}</div>`),
  ];
  for (const p of rows) {
    const patch = series.patches.find((x) => x.index === p);
    const label = p === 0 ? 'cover / series' : `${p}/${series.total} ${patch?.subjectInfo?.title ?? patch?.subject ?? ''}`;
    const link = patch ? `<a href="#patch-${si}-${p}">${esc(label)}</a>` : esc(label);
    out.push(`<div class="map-row-head" role="rowheader" title="${esc(patch?.subject ?? label)}">${link}</div>`);
    for (const c of concepts) out.push(cell(cells.get(`${p}/${c}`) ?? [], c));
  }
  out.push('</div>');
  return out.join('\n');
}

function cell(ts: Touch[], concept: Concept): string {
  if (!ts.length) return `<div class="map-cell empty" role="cell" data-concept="${esc(concept)}"></div>`;
  const roles = new Set(ts.map((t) => t.role));
  const main = dominant(roles);
  const ordered = ROLE_ORDER.filter((r) => roles.has(r));
  const title = ts
    .map((t) => `${t.symbol}: ${t.role}${t.detail ? ` (${t.detail})` : ''} at ${t.location.file}:${t.location.line}`)
    .join('\n');
  const fg = ['use', 'test', 'document'].includes(main) ? '#222' : '#fff';
  // Several roles that matter (remove and restore in one patch) share the cell in stripes.
  const strong = ordered.filter((r) => !['use', 'test', 'document', 'annotate'].includes(r));
  const bg =
    strong.length > 1
      ? `linear-gradient(90deg, ${strong.map((r, i) => `${ROLE_COLOUR[r]} ${((i * 100) / strong.length).toFixed(1)}% ${(((i + 1) * 100) / strong.length).toFixed(1)}%`).join(', ')})`
      : ROLE_COLOUR[main];
  return `<div class="map-cell" role="cell" data-concept="${esc(concept)}" data-role="${esc(main)}" data-roles="${esc(ordered.join(' '))}" style="background:${bg};color:${fg}" title="${esc(title)}">${esc(ordered.join(', '))}</div>`;
}

function legend(touches: Touch[]): string {
  const used = ROLE_ORDER.filter((r) => touches.some((t) => t.role === r));
  return `<ul class="map-legend">${used.map((r) => `<li><span class="swatch" style="background:${ROLE_COLOUR[r]}"></span>${esc(r)}</li>`).join('')}</ul>`;
}

/** One grid per series that has touches, then the optional pre-rendered map text. */
export function designMap(review: Review, mapText?: string): string {
  const parts: string[] = [];
  review.series.forEach((s, si) => {
    const ts = review.touches.filter((t) => placedSeries(review, t.location) === s);
    const grid = seriesGrid(s, si, ts);
    if (grid) parts.push(`<h3>${esc(s.title)} v${s.version}</h3>`, grid, legend(ts));
  });
  if (!parts.length && !mapText) return '';
  if (mapText) parts.push(`<details class="map-text"><summary>design map (text)</summary><pre>${esc(mapText)}</pre></details>`);
  return `<section id="design-map"><h2>Design map</h2>\n${parts.join('\n')}</section>`;
}
