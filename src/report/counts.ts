import type { Severity } from '../common/index.js';
import type { Finding, Review } from '../rules/index.js';

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countSeverities(findings: readonly { severity: Severity }[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export function patchCount(review: Review): number {
  return review.series.reduce((n, s) => n + s.patches.length, 0);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `N errors, N warnings, N infos in N patches of N series`. */
export function summaryLine(review: Review): string {
  const c = countSeverities(review.findings);
  const series = review.series.length;
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')} in ${plural(patchCount(review), 'patch').replace('patchs', 'patches')} of ${series} series`;
}

/** Findings in a stable order: series input order, patch, file, line, rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.location.patchIndex - b.location.patchIndex ||
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
