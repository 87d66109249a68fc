import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyBaseline,
  compareFindings,
  fingerprintOf,
  makeBaseline,
  matchThread,
  meetsThreshold,
  parseBaseline,
  parseConfig,
  parseRuleOption,
  parseTruth,
  runRules,
  summarise,
  DEFAULT_CONFIG,
  type Finding,
  type Rule,
  type RuleContext,
} from '../../src/rules/index.js';
import { normaliseSubject } from '../../src/rules/eval/index.js';
import type { DiffPatch, DiffSeries } from '../../src/diff/index.js';
import type { Location } from '../../src/model/index.js';

const corpus = path.resolve(import.meta.dirname, '../../fixtures/corpus');

function loc(over: Partial<Location> = {}): Location {
  return { patchIndex: 1, subject: '[PATCH 1/1] x', file: 'virt/kvm/guest_memfd.c', line: 10, side: 'new', text: 'r = f(&folio->page);', ...over };
}

function finding(over: Partial<Finding> = {}): Finding {
  const location = over.location ?? loc();
  return {
    ruleId: 'R01',
    category: 'folio-misuse',
    severity: 'error',
    message: 'm',
    fix: 'f',
    refs: [],
    fingerprint: fingerprintOf(over.ruleId ?? 'R01', location),
    location,
    evidence: [],
    ...over,
  };
}

/** A one-patch series with one hunk: context line 9, added 10, deleted old 10, context 11. */
function series(): DiffSeries {
  const patch = {
    index: 1,
    total: 1,
    subject: '[PATCH 1/1] x',
    messageId: 'a@b',
    files: [
      {
        oldPath: 'virt/kvm/guest_memfd.c',
        newPath: 'virt/kvm/guest_memfd.c',
        path: 'virt/kvm/guest_memfd.c',
        status: 'modified',
        binary: false,
        added: 1,
        removed: 1,
        hunks: [
          {
            oldStart: 9,
            oldLines: 3,
            newStart: 9,
            newLines: 3,
            header: 'static int kvm_gmem_get_folio(struct inode *inode)',
            lines: [
              { kind: 'context', oldLine: 9, newLine: 9, text: 'int r;', diffLine: 5 },
              { kind: 'del', oldLine: 10, text: 'r = 0;', diffLine: 6 },
              { kind: 'add', newLine: 10, text: 'r = f(&folio->page);', diffLine: 7 },
              { kind: 'context', oldLine: 11, newLine: 11, text: 'return r;', diffLine: 8 },
            ],
          },
        ],
      },
    ],
  } as unknown as DiffPatch;
  return { id: 'x v1', title: 'x', version: 1, patches: [patch], diagnostics: [] } as unknown as DiffSeries;
}

function ctx(s: DiffSeries): RuleContext {
  return { series: s, model: {} as RuleContext['model'], views: () => [], touches: [] };
}

function rule(scope: Rule['meta']['scope'], at: (s: DiffSeries) => Location[]): Rule {
  return {
    meta: { id: 'T1', name: 'test-rule', category: 'folio-misuse', scope, severity: 'warning', concepts: ['folio'], summary: 's', fix: 'default fix', refs: ['FO-01'] },
    check: (c) => at(c.series).map((location) => ({ location, message: `at ${location.line}` })),
  };
}

describe('runRules', () => {
  it('reports line rules on added lines and drops context and deleted lines', () => {
    const s = series();
    const r = rule('line', () => [loc({ line: 10 }), loc({ line: 9 }), loc({ line: 10, side: 'old' })]);
    const { findings } = runRules([r], ctx(s), DEFAULT_CONFIG);
    expect(findings.map((f) => [f.location.line, f.location.side])).toEqual([[10, 'new']]);
    expect(findings[0]).toMatchObject({ ruleId: 'T1', category: 'folio-misuse', severity: 'warning', fix: 'default fix', refs: ['FO-01'] });
  });

  it('lets series rules point anywhere, applies config severity and off', () => {
    const s = series();
    const r = rule('series', () => [loc({ line: 9 })]);
    expect(runRules([r], ctx(s), DEFAULT_CONFIG).findings).toHaveLength(1);
    expect(runRules([r], ctx(s), { ...DEFAULT_CONFIG, rules: { T1: 'info' } }).findings[0]!.severity).toBe('info');
    expect(runRules([r], ctx(s), { ...DEFAULT_CONFIG, rules: { 'test-rule': 'off' } }).findings).toHaveLength(0);
  });

  it('turns a rule that throws into a diagnostic', () => {
    const bad: Rule = { ...rule('line', () => []), check: () => { throw new Error('boom'); } };
    const { findings, diagnostics } = runRules([bad], ctx(series()), DEFAULT_CONFIG);
    expect(findings).toEqual([]);
    expect(diagnostics[0]!.message).toMatch(/rule T1 failed .*boom/);
  });

  it('names the input, message and line of a rule failure and quotes its error in part', () => {
    // An error that quoted a 1,000-character regular expression made of the input, with no message or line.
    const s = series();
    const bad: Rule = { ...rule('line', () => []), check: () => { throw new Error(`Invalid regular expression: /${'*/'.repeat(2000)}/`); } };
    const [d] = runRules([bad], ctx(s), DEFAULT_CONFIG).diagnostics;
    expect(d).toMatchObject({ severity: 'error', input: s.patches[0]!.input, messageId: s.patches[0]!.messageId, inputLine: s.patches[0]!.line });
    expect(d!.message).toMatch(/^rule T1 failed on series ".*": Invalid regular expression: \/[*/]+… \(\d+ more characters\)$/);
    expect(d!.message.length).toBeLessThan(500);
  });

  it('drops exact duplicates', () => {
    const r = rule('line', () => [loc(), loc()]);
    expect(runRules([r], ctx(series()), DEFAULT_CONFIG).findings).toHaveLength(1);
  });
});

describe('fingerprints and baselines', () => {
  it('ignore line numbers and whitespace but not text, file or function', () => {
    const a = fingerprintOf('R01', loc({ line: 10, function: 'f' }));
    expect(fingerprintOf('R01', loc({ line: 99, function: 'f', text: '  r =  f(&folio->page); ' }))).toBe(a);
    expect(fingerprintOf('R01', loc({ function: 'g' }))).not.toBe(a);
    expect(fingerprintOf('R02', loc({ function: 'f' }))).not.toBe(a);
    expect(fingerprintOf('R01', loc({ function: 'f', file: 'mm/gup.c' }))).not.toBe(a);
  });

  it('suppress exactly the findings a baseline lists, also after a line shift', () => {
    const old = [finding(), finding({ ruleId: 'R27', location: loc({ text: '// c' }) })];
    const baseline = JSON.stringify(makeBaseline(old));
    const known = parseBaseline(baseline, 'b.json');
    const shifted = finding({ location: loc({ line: 40 }) });
    const fresh = finding({ location: loc({ text: 'other' }) });
    const { kept, suppressed } = applyBaseline([shifted, fresh], known);
    expect(kept).toEqual([fresh]);
    expect(suppressed).toBe(1);
    expect(() => parseBaseline('{}', 'b.json')).toThrow(/b.json: not a baseline file/);
  });
});

describe('version comparison', () => {
  it('marks new and present and lists fixed', () => {
    const a = finding();
    const b = finding({ location: loc({ text: 'x' }) });
    const c = finding({ location: loc({ text: 'y' }) });
    const { findings, fixed } = compareFindings([a, b], [finding({ location: loc({ line: 50 }) }), c]);
    expect(findings.map((f) => f.status)).toEqual(['present', 'new']);
    expect(fixed.map((f) => f.location.text)).toEqual(['x']);
  });
});

describe('config', () => {
  it('parses rules, failOn and kernel', () => {
    const c = parseConfig('{"rules":{"R27":"off","R01":"warning"},"failOn":"warning","kernel":"6.12"}', '.pmreview.json', new Set(['R27', 'R01']));
    expect(c).toEqual({ rules: { R27: 'off', R01: 'warning' }, failOn: 'warning', kernel: '6.12' });
  });
  it('names the file and key on errors', () => {
    expect(() => parseConfig('{', 'x.json')).toThrow(/^x.json: not valid JSON/);
    expect(() => parseConfig('{"rules":{"R01":"loud"}}', 'x.json')).toThrow('x.json: rules.R01: must be one of off, info, warning, error');
    expect(() => parseConfig('{"rules":{"R99":"off"}}', 'x.json', new Set(['R01']))).toThrow('x.json: rules.R99: no such rule');
    expect(() => parseConfig('{"color":true}', 'x.json')).toThrow('x.json: unknown key "color"');
    expect(() => parseRuleOption('R01')).toThrow(/expected ID=/);
  });
  it('thresholds', () => {
    expect(meetsThreshold('warning', 'error')).toBe(false);
    expect(meetsThreshold('error', 'warning')).toBe(true);
    expect(meetsThreshold('error', 'none')).toBe(false);
  });
});

describe('eval matching', () => {
  const truth = parseTruth(readFileSync(path.join(corpus, 'roy-gmem-directmap-rfc-v1.truth.json'), 'utf8'), 'roy.truth.json');
  const f2a = truth.findings.find((t) => t.id === 'F2a')!;

  it('normalises subjects as the corpus README says', () => {
    expect(normaliseSubject('Re: [RFC PATCH 5/8] kvm: gmem: add option')).toBe('kvm: gmem: add option');
    expect(normaliseSubject('RE: Aw: [PATCH] [net] x  y')).toBe('x y');
  });

  it('matches by category, patch, file and line within 3 or text', () => {
    const at = (over: Partial<Location>, category: Finding['category'] = 'folio-misuse') =>
      finding({ category, location: loc({ messageId: '20240709132041.3625501-6-roypat@amazon.co.uk', file: 'virt/kvm/guest_memfd.c', ...over }) });
    expect(matchThread('t', [f2a], [at({ line: 102, text: 'x' })]).matched).toHaveLength(1);
    expect(matchThread('t', [f2a], [at({ line: 103, text: 'x' })]).matched).toHaveLength(0);
    expect(matchThread('t', [f2a], [at({ line: 300, text: '  r = set_direct_map_invalid_noflush(&folio->page);' })]).matched).toHaveLength(1);
    expect(matchThread('t', [f2a], [at({ line: 99 }, 'tlb-flush-missing')]).matched).toHaveLength(0);
    expect(matchThread('t', [f2a], [at({ line: 99, messageId: 'other@x', subject: '[RFC PATCH 5/8] kvm: gmem: add option to remove guest private memory from direct map' })]).matched).toHaveLength(1);
  });

  it('lets one finding match one truth only, and summarises per category', () => {
    const f3a = truth.findings.find((t) => t.id === 'F3a')!;
    const one = finding({ location: loc({ messageId: '<20240709132041.3625501-6-roypat@amazon.co.uk>', line: 99 }) });
    const r = matchThread('t', [f2a, { ...f3a, line: 100 }], [one]);
    expect(r.matched).toHaveLength(1);
    expect(r.missed).toHaveLength(1);
    const s = summarise([r]);
    expect(s.recall).toBe(0.5);
    expect(s.categories.find((c) => c.category === 'folio-misuse')).toEqual({ category: 'folio-misuse', truths: 2, matched: 1, extra: 0 });
  });
});
