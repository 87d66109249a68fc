import { type Diagnostic } from '../common/index.js';
import { compareFindings, type Finding, type Review } from '../rules/index.js';
import { placeFindings, placeTouches, unplaced } from './place.js';
import { diagnosticsOf, type Reviewed } from './series.js';
import type { ReviewCallbacks, ReviewPolicy } from './types.js';

/** Where a series stood in the input: its version key and number. */
export interface Assembled {
  key: string;
  version: number;
}

/**
 * The reviewed series grouped into versions: findings of each version marked
 * new / present against the one before and the gone ones listed as fixed;
 * only the newest of each is reported unless `allVersions`.
 */
export function assembleReview(assembled: Assembled[], results: Reviewed[], diagnostics: Diagnostic[], messages: number, policy: ReviewPolicy, on: ReviewCallbacks): Review {
  const byTitle = new Map<string, number[]>();
  for (const [i, { key }] of assembled.entries()) {
    const versions = byTitle.get(key);
    if (versions) versions.push(i);
    else byTitle.set(key, [i]);
  }
  const review: Review = { series: [], findings: [], diagnostics, touches: [], messages };
  for (const versions of byTitle.values()) {
    versions.sort((a, b) => assembled[a]!.version - assembled[b]!.version);
    let previous: Finding[] | undefined;
    for (const [n, i] of versions.entries()) {
      const reviewed = results[i]!;
      const { series: diffSeries, findings: own, touches } = reviewed;
      const newest = n === versions.length - 1;
      let findings = own;
      if (previous) {
        const cmp = compareFindings(previous, findings);
        findings = cmp.findings;
        if (newest || policy.allVersions) review.fixed = [...(review.fixed ?? []), ...cmp.fixed];
      }
      previous = own;
      if (!newest && !policy.allVersions) continue;
      diagnostics.push(...diagnosticsOf(reviewed));
      on.onSeries?.(diffSeries, findings, touches);
      if (policy.keepSeries !== false) {
        const at = review.series.length;
        review.series.push(diffSeries);
        review.findings.push(...placeFindings(findings, diffSeries, at));
        review.touches.push(...placeTouches(touches, diffSeries, at));
      } else review.findings.push(...findings);
    }
  }
  return review;
}

/** Two reviews of the same series (`--compare OLD NEW`): the newer one's findings marked by status. */
export function compareReviews(older: Review, newer: Review): Review {
  const cmp = compareFindings(older.findings, newer.findings);
  return { ...newer, findings: cmp.findings, fixed: unplaced(cmp.fixed) };
}

