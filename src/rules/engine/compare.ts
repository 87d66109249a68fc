import type { Finding } from '../types.js';

/**
 * Marks each finding of the newer version new or present (by fingerprint) and
 * returns the older version's findings that are gone as fixed — what a reviewer
 * of v11 wants to know about v10's comments.
 */
export function compareFindings(older: Finding[], newer: Finding[]): { findings: Finding[]; fixed: Finding[] } {
  const before = new Set(older.map((f) => f.fingerprint));
  const after = new Set(newer.map((f) => f.fingerprint));
  const findings = newer.map((f) => ({ ...f, status: before.has(f.fingerprint) ? ('present' as const) : ('new' as const) }));
  const fixedSeen = new Set<string>();
  const fixed: Finding[] = [];
  for (const f of older) {
    if (after.has(f.fingerprint) || fixedSeen.has(f.fingerprint)) continue;
    fixedSeen.add(f.fingerprint);
    fixed.push({ ...f, status: 'fixed' });
  }
  return { findings, fixed };
}
