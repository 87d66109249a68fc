import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { review as reviewInputs } from '../../src/review/index.js';
import { matchThread, parseTruth, summarise } from '../../src/rules/index.js';

const corpus = path.resolve(import.meta.dirname, '../../fixtures/corpus');
const threads = ['roy-gmem-directmap-rfc-v1', 'roy-as-no-direct-map-v6', 'kalyazin-gmem-write-rfc-v2-2024'];

async function evaluate(name: string) {
  const truth = parseTruth(readFileSync(path.join(corpus, `${name}.truth.json`), 'utf8'), name);
  const review = await reviewInputs([path.join(corpus, `${name}.mbox`)]);
  return { review, result: matchThread(name, truth.findings, review.findings) };
}

describe('the rules against what human reviewers flagged (fixtures/corpus)', () => {
  it('reaches 80% recall overall and matches every category that has truths', async () => {
    const results = [];
    for (const name of threads) results.push((await evaluate(name)).result);
    const summary = summarise(results);
    const missed = results.flatMap((r) => r.missed.map((m) => `${r.name} ${m.id} [${m.category}]`));
    expect(summary.recall, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.8);
    for (const c of summary.categories) if (c.truths > 0) expect(c.matched, c.category).toBeGreaterThan(0);
  });

  it('finds the points of seed 003 on the exact lines of RFC 5/8', async () => {
    const { result } = await evaluate('roy-gmem-directmap-rfc-v1');
    const byId = new Map(result.matched.map((m) => [m.truth.id, m.finding]));
    expect(byId.get('F1')?.ruleId).toBe('R27');
    expect(byId.get('F2a')?.ruleId).toBe('R01');
    expect(byId.get('F2a')?.location.line).toBe(99);
    expect(byId.get('F2b')?.ruleId).toBe('R03');
    expect(byId.get('F3a')?.location.line).toBe(388);
    expect(byId.get('F3b')?.ruleId).toBe('R26');
  });

  it('raises no error on the approved AS_NO_DIRECT_MAP patch', async () => {
    const { review } = await evaluate('roy-as-no-direct-map-v6');
    expect(review.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([]);
  });
});
