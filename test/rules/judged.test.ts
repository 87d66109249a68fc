import { describe, expect, it } from 'vitest';
import { formatEval, matchThread, parseJudged, summarise, type Finding, type Judgement } from '../../src/rules/index.js';
import { judgementOf } from '../../src/rules/eval/index.js';
import { fingerprintOf } from '../../src/rules/index.js';

function finding(rule: string, line: number, text: string, severity: Finding['severity'] = 'error'): Finding {
  const location = { patchIndex: 1, subject: '[PATCH 1/1] x', file: 'mm/a.c', line, side: 'new' as const, text };
  return { ruleId: rule, category: 'folio-misuse', severity, message: 'm', fix: 'f', refs: [], fingerprint: fingerprintOf(rule, location), location, evidence: [] };
}

describe('judged extra findings', () => {
  const judged: Judgement[] = [
    { rule: 'R01', file: 'mm/a.c', line: 10, text: 'x = f(&folio->page);', verdict: 'correct', why: 'the folio may be large here' },
    { rule: 'R26', file: 'mm/a.c', line: 20, text: 'BUG_ON(!p);', verdict: 'wrong', why: 'p cannot be NULL here, the caller checked it' },
  ];

  it('finds a judgement by rule, file and line text, even after the line moved', () => {
    expect(judgementOf(finding('R01', 14, '\tx = f(&folio->page);'), judged)?.verdict).toBe('correct');
    expect(judgementOf(finding('R01', 10, 'y = g();'), judged)).toBeUndefined();
    expect(judgementOf(finding('R03', 10, 'x = f(&folio->page);'), judged)).toBeUndefined();
  });

  it('counts verdicts of error/warning extras, wrong errors, the share judged wrong, and lists what nobody judged', () => {
    const found = [finding('R01', 10, 'x = f(&folio->page);'), finding('R26', 20, 'BUG_ON(!p);'), finding('R27', 30, '// c', 'warning'), finding('R12', 40, 'p = folio_address(f);', 'info')];
    const t = matchThread('t', [], found, judged);
    const s = summarise([t]);
    expect(s.reported).toBe(3);
    expect(s.verdicts).toEqual({ correct: 1, defensible: 0, wrong: 1, unjudged: 1 });
    expect(s.wrongErrors).toBe(1);
    expect(s.wrongShare).toBeCloseTo(1 / 3);
    const text = formatEval(s);
    expect(text).toMatch(/extra ones judged: 1 correct, 0 defensible, 1 wrong, 1 not judged/);
    expect(text).toMatch(/extra R27 \[folio-misuse\] warning mm\/a\.c:30 m \[NOT JUDGED\]/);
  });

  it('refuses a judged file without a verdict or a reason, naming the file and entry', () => {
    expect(() => parseJudged('{"judged":[{"rule":"R01","file":"a","verdict":"maybe","why":"because it is"}]}', 'x.judged.json')).toThrow(/x\.judged\.json: judged\[0\]: verdict must be one of/);
    expect(() => parseJudged('{"judged":[{"rule":"R01","file":"a","verdict":"wrong"}]}', 'x.judged.json')).toThrow(/"why" must say why/);
    expect(() => parseJudged('[]', 'x.judged.json')).toThrow(/no "judged" list/);
  });
});
