import { describe, expect, it } from 'vitest';
import { b4CheckResult } from '../../src/publish/index.js';
import { finding, reviewOf, seriesOf } from './helpers.js';

const series = [seriesOf([{ messageId: 'p1@example.org' }])];

describe('b4CheckResult', () => {
  it('one pmreview entry with the worst status, a summary and one detail line per finding', () => {
    const r = reviewOf(
      [
        finding({ file: 'virt/kvm/guest_memfd.c', line: 99, text: 'x' }),
        finding({ ruleId: 'R04', file: 'mm/secretmem.c', line: 10, text: 'y', severity: 'warning' }),
      ],
      series,
    );
    const [check, ...rest] = b4CheckResult(r, { url: 'https://docs.example/rules' });
    expect(rest).toEqual([]);
    expect(check).toEqual({
      tool: 'pmreview',
      status: 'fail',
      summary: '1 error, 1 warning: R03, R04',
      url: 'https://docs.example/rules',
      details: [
        'virt/kvm/guest_memfd.c:99 (patch 1): error: R03 R03 finding at virt/kvm/guest_memfd.c:99',
        '  fix: Flush the TLB for the range after zapping the direct map.',
        'mm/secretmem.c:10 (patch 1): warning: R04 R04 finding at mm/secretmem.c:10',
        '  fix: Flush the TLB for the range after zapping the direct map.',
      ].join('\n'),
    });
  });

  it('warn for warnings only, pass (without details) when clean or info only', () => {
    expect(b4CheckResult(reviewOf([finding({ file: 'a.c', line: 1, text: '', severity: 'warning' })], series))[0]!.status).toBe('warn');
    expect(b4CheckResult(reviewOf([finding({ file: 'a.c', line: 1, text: '', severity: 'info' })], series))[0]!.status).toBe('pass');
    expect(b4CheckResult(reviewOf([], series))).toEqual([{ tool: 'pmreview', status: 'pass', summary: 'no protected-memory findings' }]);
  });

  it('[] when the mail held nothing to review', () => {
    expect(b4CheckResult(reviewOf([]))).toEqual([]);
  });

  it('the statuses are the three of the protocol and the output is valid JSON', () => {
    for (const severity of ['error', 'warning', 'info'] as const) {
      const out = JSON.parse(JSON.stringify(b4CheckResult(reviewOf([finding({ file: 'a.c', line: 1, text: '', severity })], series))));
      expect(['pass', 'warn', 'fail']).toContain(out[0].status);
      expect(typeof out[0].tool).toBe('string');
    }
  });
});
