import type { Finding, RuleMeta } from '../rules/index.js';

/**
 * Rule metadata for every rule id a report mentions, in the caller's order,
 * plus entries made from the findings themselves for ids the caller did not
 * list (checkpatch/<TYPE> ones come from the tree stage).
 */
export function ruleTable(rules: readonly RuleMeta[], findings: readonly Finding[]): RuleMeta[] {
  const out = [...rules];
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    out.push({
      id: f.ruleId,
      name: f.ruleId.replace(/^checkpatch\//, '').toLowerCase().replace(/_/g, '-'),
      category: f.category,
      scope: 'line',
      severity: f.severity,
      concepts: [],
      summary: f.message,
      fix: f.fix,
      refs: [],
    });
  }
  return out;
}
