import type { DiffPatch, DiffSeries } from '../diff/index.js';
import type { Finding, Review } from '../rules/index.js';
import { sortFindings } from './counts.js';
import { placedPatch, placedSeries, patchHeader } from './locate.js';

/** The findings of one patch (or of a series as a whole, `patch` null), in line order. */
export interface FindingGroup {
  series?: DiffSeries;
  patch?: DiffPatch;
  header: string;
  findings: Finding[];
}

/** Groups in input order: series by series, cover/series-level first, then patch by patch. */
export function groupFindings(review: Review, findings: readonly Finding[] = review.findings): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  const order: string[] = [];
  const rank = (g: FindingGroup): [number, number] => [
    g.series ? review.series.indexOf(g.series) : review.series.length,
    g.patch ? g.patch.index : 0,
  ];
  for (const f of findings) {
    const ref = placedPatch(review, f.location);
    const series = placedSeries(review, f.location);
    const key = ref ? `p:${review.series.indexOf(ref.series)}:${ref.patch.index}` : `s:${series ? review.series.indexOf(series) : -1}:${f.location.subject}`;
    let g = groups.get(key);
    if (!g) {
      const total = series?.total ?? ref?.patch.total ?? 0;
      const subject = ref?.patch.subject ?? series?.cover?.subject ?? f.location.subject;
      g = { series, patch: ref?.patch, header: patchHeader(subject, ref?.patch.index ?? f.location.patchIndex, total), findings: [] };
      groups.set(key, g);
      order.push(key);
    }
    g.findings.push(f);
  }
  const list = order.map((k) => groups.get(k)!);
  for (const g of list) g.findings = sortFindings(g.findings);
  return list.sort((a, b) => {
    const [sa, pa] = rank(a);
    const [sb, pb] = rank(b);
    return sa - sb || pa - pb;
  });
}
