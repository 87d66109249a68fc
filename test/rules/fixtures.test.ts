import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { compare, fixtureText, readSpec, renameIntroduced, reviewText, ruleById, RULE_FIXTURES, VARIANTS, type FixtureCase } from './tester.js';

/**
 * Every rule has fixtures/rules/<id>.json: cases written as real
 * format-patch mails against Linux 6.12 by fixtures/rules/make.py
 * (fixtures/rules/<id>/<case>.patch), each stating the exact findings the
 * rule must produce (rule, file, line, severity, key words), [] for a
 * passing case. Error-severity rules also carry metamorphic variants of their
 * failing case (renamed, wrapped in a helper, reordered, page/folio spelling,
 * another arch's file) whose finding must persist; and every case is renamed
 * automatically (identifiers the patch introduces) with the same result.
 */
const key = (f: { ruleId: string; location: { file: string; line: number }; severity: string }): string => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.severity}`;

describe.each(RULES.map((r) => r.meta.id))('rule %s', (id) => {
  const rule = ruleById(id);
  const spec = existsSync(path.join(RULE_FIXTURES, `${id}.json`)) ? readSpec(id) : { cases: [] as FixtureCase[] };

  it('has a docs page, a failing and a passing case', () => {
    expect(existsSync(path.resolve(RULE_FIXTURES, '../../docs/rules', `${id}.md`))).toBe(true);
    expect(spec.cases.some((c) => c.name.startsWith('fail'))).toBe(true);
    expect(spec.cases.some((c) => c.name.startsWith('pass'))).toBe(true);
  });

  for (const c of spec.cases) {
    it(`gives exactly its findings on ${c.name}`, async () => {
      // RuleTester discipline: every case states its exact findings (an empty list for a passing case).
      expect(c.findings, `${id}.json case ${c.name} has no "findings"`).toBeDefined();
      const found = await reviewText(fixtureText(id, c.name), { rules: [rule] });
      const { missing, unexpected } = compare(found, c.findings!, id);
      expect({ missing, unexpected: unexpected.map((f) => `${key(f)}: ${f.message}`) }).toEqual({ missing: [], unexpected: [] });
      if (c.name.startsWith('fail')) expect(c.findings!.length, `${c.name} is a failing case with no finding`).toBeGreaterThan(0);
      if (c.name.startsWith('pass')) expect(c.findings!.filter((f) => f.severity !== 'info'), `${c.name} is a passing case with an error or warning`).toEqual([]);
    });

    it(`gives the same findings on ${c.name} with the identifiers it introduces renamed`, async () => {
      const text = fixtureText(id, c.name);
      const { text: renamed, renamed: names } = renameIntroduced(text);
      if (names.size === 0) return;
      const before = (await reviewText(text, { rules: [rule] })).map(key);
      const after = (await reviewText(renamed, { rules: [rule] })).map(key);
      expect(after).toEqual(before);
    });
  }

  const errorCases = spec.cases.filter((c) => !c.variant && c.name.startsWith('fail') && (c.findings ?? []).some((f) => f.severity === 'error'));
  if (errorCases.length > 0) {
    it.each(VARIANTS)('keeps its error on a %s variant of a failing case (or says why the variant cannot apply)', (variant) => {
      const why = spec.notApplicable?.[variant];
      const variants = spec.cases.filter((c) => c.variant === variant);
      if (why) {
        expect(why.length).toBeGreaterThan(20);
        return;
      }
      expect(variants.length, `${id}: no ${variant} variant`).toBeGreaterThan(0);
      for (const v of variants) {
        const base = spec.cases.find((c) => c.name === v.of);
        expect(base, `${v.name}: "of" names no case`).toBeDefined();
        // A failing variant keeps the errors of the case it rewrites; a passing one stays clean.
        const want = (base!.findings ?? []).filter((f) => f.severity === 'error').length;
        expect((v.findings ?? []).filter((f) => f.severity === 'error').length, v.name).toBe(want);
      }
    });
  }
});
