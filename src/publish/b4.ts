import type { Review } from '../rules/index.js';
import { detailsOf, summaryOf, verdictOf } from './patch-findings.js';

/** One result of b4's per-patch/series check protocol (`b4.review-perpatch-check-cmd`). */
export interface B4Check {
  tool: string;
  status: 'pass' | 'warn' | 'fail';
  summary?: string;
  url?: string;
  details?: string;
}

/**
 * The JSON array b4 reads on stdout. b4 caches per (msgid, tool), so the whole
 * mail gets one `pmreview` entry; `[]` (nothing to report) when the mail held
 * nothing to review, e.g. a reply.
 */
export function b4CheckResult(review: Review, opts: { url?: string } = {}): B4Check[] {
  if (review.series.length === 0) return [];
  const findings = review.findings;
  const check: B4Check = { tool: 'pmreview', status: verdictOf(findings), summary: summaryOf(findings) };
  if (opts.url) check.url = opts.url;
  if (findings.length) check.details = detailsOf(findings);
  return [check];
}
