import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewInputs } from '../../src/cli/pipeline.js';
import { RULES } from '../../src/rules/index.js';

const root = path.resolve(import.meta.dirname, '../../fixtures/rules');

/**
 * Every rule has fixtures/rules/<id>/fail*.patch (the rule must fire, on an
 * added line) and pass*.patch (it must stay quiet), written as real
 * format-patch mails against Linux 6.12 by fixtures/rules/make.py; info*.patch
 * holds code whose context lowers the rule to info (e.g. an order-0 guard).
 */
describe.each(RULES.map((r) => r.meta.id))('rule %s', (id) => {
  const dir = path.join(root, id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.patch')).sort() : [];

  it('has a docs page and both kinds of fixture', () => {
    expect(existsSync(path.resolve(root, '../../docs/rules', `${id}.md`))).toBe(true);
    expect(files.some((f) => f.startsWith('fail'))).toBe(true);
    expect(files.some((f) => f.startsWith('pass'))).toBe(true);
  });

  for (const file of files) {
    const failing = file.startsWith('fail');
    const info = file.startsWith('info');
    it(`${failing ? 'fires on' : info ? 'only informs on' : 'stays quiet on'} ${file}`, async () => {
      const review = await reviewInputs([path.join(dir, file)]);
      expect(review.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const mine = review.findings.filter((f) => f.ruleId === id);
      if (failing) {
        expect(mine.length).toBeGreaterThan(0);
        for (const f of mine) {
          expect(f.location.text.length + f.location.file.length).toBeGreaterThan(0);
          expect(f.message).not.toBe('');
        }
      } else if (info) {
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.map((f) => f.severity)).toEqual(mine.map(() => 'info'));
      } else {
        expect(mine.map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([]);
      }
    });
  }
});
