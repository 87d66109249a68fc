import type { DiffPatch, DiffSeries } from '../diff/index.js';
import type { Finding, Review } from '../rules/index.js';
import { countBySeverity, where } from './format.js';

export type Verdict = 'pass' | 'warn' | 'fail';

/** Angle brackets and case differ between mail headers and patchwork's `msgid`. */
export function normaliseMessageId(id: string | undefined): string | undefined {
  return id?.trim().replace(/^<|>$/g, '').toLowerCase() || undefined;
}

export interface ReviewedPatch {
  series: DiffSeries;
  patch: DiffPatch;
}

export function findReviewedPatch(review: Review, msgid: string): ReviewedPatch | undefined {
  const want = normaliseMessageId(msgid);
  for (const series of review.series) {
    const patch = series.patches.find((p) => normaliseMessageId(p.messageId) === want);
    if (patch) return { series, patch };
  }
  return undefined;
}

/**
 * The findings of one patch, plus the series-level ones (cover letter,
 * patchIndex 0) because patchwork and b4 only have per-patch checks (NIPA
 * copies series results onto every patch the same way).
 */
export function findingsOfPatch(review: Review, { series, patch }: ReviewedPatch): Finding[] {
  const own = normaliseMessageId(patch.messageId);
  const inSeries = new Set([series.cover?.messageId, ...series.patches.map((p) => p.messageId)].map(normaliseMessageId).filter(Boolean));
  return review.findings.filter((f) => {
    const id = normaliseMessageId(f.location.messageId);
    const seriesLevel = f.location.patchIndex === 0;
    if (id) return id === own || (seriesLevel && inSeries.has(id));
    // Without a Message-ID only the patch index tells, which is unambiguous in a single series.
    return review.series.length === 1 && (seriesLevel || f.location.patchIndex === patch.index);
  });
}

export function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

export function summaryOf(findings: Finding[]): string {
  if (!findings.length) return 'no protected-memory findings';
  const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
  return `${countBySeverity(findings)}: ${rules.join(', ')}`;
}

export function detailsOf(findings: Finding[]): string {
  return findings.map((f) => `${where(f)}: ${f.severity}: ${f.ruleId} ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ''}`).join('\n');
}
