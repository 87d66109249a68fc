import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS, P1_FILE } from './review-fixture.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEVERITIES = ['ERROR', 'WARNING', 'INFO'];

/** The fields of reviewdog.proto's Diagnostic we write; anything else would be ignored or rejected. */
function checkDiagnostic(d: Obj): void {
  expect(Object.keys(d).every((k) => ['message', 'location', 'severity', 'source', 'code', 'relatedLocations', 'originalOutput'].includes(k))).toBe(true);
  expect(typeof d.message).toBe('string');
  expect(SEVERITIES).toContain(d.severity);
  expect(typeof d.location.path).toBe('string');
  expect(d.location.range.start.line).toBeGreaterThanOrEqual(1);
  expect(d.location.range.start.column).toBe(1);
  expect(d.code).toEqual({ value: expect.stringMatching(/^R\d\d$/), url: expect.stringMatching(/^https:\/\/.*\.md$/) });
  expect(d).not.toHaveProperty('suggestions');
}

describe('rdjson', () => {
  it('is one DiagnosticResult with source, severity and diagnostics', () => {
    const doc = JSON.parse(formatReview(makeReview(), 'rdjson', OPTS)) as Obj;
    expect(Object.keys(doc)).toEqual(['source', 'severity', 'diagnostics']);
    expect(doc.source).toEqual({ name: 'pmreview', url: expect.stringMatching(/^https:\/\//) });
    expect(doc.severity).toBe('ERROR');
    expect(doc.diagnostics).toHaveLength(4);
    doc.diagnostics.forEach(checkDiagnostic);
    expect(doc.diagnostics[0]).toMatchObject({
      location: { path: P1_FILE, range: { start: { line: 13, column: 1 } } },
      severity: 'ERROR',
      code: { value: 'R03', url: 'https://docs.example.org/pmreview/rules/R03.md' },
    });
    expect(doc.diagnostics[0].message).toContain('Fix: Call flush_tlb_kernel_range()');
    expect(doc.diagnostics[0].relatedLocations[0].location.path).toBe('virt/kvm/guest_memfd.c');
    expect(doc.diagnostics.map((d: Obj) => d.severity)).toEqual(['ERROR', 'WARNING', 'INFO', 'WARNING']);
  });

  it('rdjsonl writes one Diagnostic per line, each naming its source', () => {
    const text = formatReview(makeReview(), 'rdjsonl', OPTS);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) {
      const d = JSON.parse(l) as Obj;
      checkDiagnostic(d);
      expect(d.source.name).toBe('pmreview');
    }
    expect(formatReview({ ...makeReview(), findings: [] }, 'rdjsonl', OPTS)).toBe('');
  });

  it('uses INFO as the run severity when there are only infos', () => {
    const r = makeReview();
    r.findings = r.findings.filter((f) => f.severity === 'info');
    expect((JSON.parse(formatReview(r, 'rdjson', OPTS)) as Obj).severity).toBe('INFO');
  });
});
