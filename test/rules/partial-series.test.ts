import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewText } from './tester.js';

const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');

/** The messages of an mbox whose subject matches, as one mbox text. */
function cut(file: string, keep: RegExp): string {
  const text = readFileSync(path.join(CORPUS, file), 'utf8');
  const mails = text.split(/^(?=From \S+ .*\d{4}$)/m);
  return mails.filter((m) => keep.test(/^Subject: (.*)$/m.exec(m)?.[1] ?? '')).join('');
}

/**
 * A thread often holds one patch of a long series (issue 10 §3): the
 * series-scope rules conclude "the series does not restore / document / test
 * / mask / gate X" only when every patch 1..N is in the input.
 */
describe('a series cut to one patch', () => {
  const SERIES_RULES = ['R06', 'R15', 'R16', 'R18', 'R19'];

  it('draws no series-scope conclusion, while line and function rules still report', async () => {
    const whole = await reviewText(readFileSync(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox'), 'utf8'));
    const one = await reviewText(cut('roy-gmem-directmap-rfc-v1.mbox', /^\[RFC PATCH 5\/8\]/));
    const ids = (fs: { ruleId: string }[]) => [...new Set(fs.map((f) => f.ruleId))].sort();
    // The whole series draws series-scope findings on patch 5 …
    expect(ids(whole.filter((f) => f.location.patchIndex === 5)).filter((r) => SERIES_RULES.includes(r)).length).toBeGreaterThan(0);
    // … patch 5 alone draws none of them,
    expect(ids(one).filter((r) => SERIES_RULES.includes(r))).toEqual([]);
    // but the single-page removal and the missing flush stay on its own lines.
    expect(one.filter((f) => f.ruleId === 'R01' || f.ruleId === 'R03').map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual(
      expect.arrayContaining(['R01 virt/kvm/guest_memfd.c:99', 'R03 virt/kvm/guest_memfd.c:99']),
    );
  });
});
