import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS } from './review-fixture.js';

describe('markdown', () => {
  const md = formatReview(makeReview(), 'markdown', OPTS);
  const lines = md.split('\n');

  it('opens with the summary and a patch × severity table with totals', () => {
    expect(lines[0]).toBe('## pmreview: 1 error, 2 warnings, 1 info in 2 patches of 1 series');
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table[0]).toBe('| Patch | Errors | Warnings | Infos |');
    expect(table.slice(2)).toEqual([
      '| \\[RFC PATCH 1/2\\] mm: add folio\\_zap\\_direct\\_map() | 1 | 1 | 0 |',
      '| \\[RFC PATCH 2/2\\] KVM: guest\\_memfd: use folio\\_zap\\_direct\\_map() | 0 | 1 | 1 |',
      '| **Total** | **1** | **2** | **1** |',
    ]);
  });

  it('links every rule id to its docs page', () => {
    for (const id of ['R03', 'R26', 'R27', 'R17']) expect(md).toContain(`[${id}](https://docs.example.org/pmreview/rules/${id}.md)`);
  });

  it('quotes the line and its hunk neighbours in a diff fence, then the fix', () => {
    const at = md.indexOf('#### 1. error');
    const fence = md.indexOf('```diff', at);
    const block = md.slice(fence, md.indexOf('\n```\n', fence + 7));
    expect(block.split('\n').slice(1)).toEqual([
      ' \tint ret;',
      ' \tif (a < b && c > d) /* <script>alert(1)</script> */',
      '+\tret = set_direct_map_invalid_noflush(folio_page(folio, 0));',
      '+\tif (ret)',
      '+\t\treturn ret;',
    ]);
    expect(md.indexOf('**Fix:** Call flush\\_tlb\\_kernel\\_range()')).toBeGreaterThan(fence);
    // The deleted line is quoted with its '-' marker.
    expect(md).toMatch(/```diff\n(?:.*\n)*-\tBUG_ON\(!folio\);\n/);
  });

  it('escapes message text so it cannot become HTML or break the table', () => {
    expect(md).toContain('&lt;without&gt; a TLB flush \\| stale &amp; wrong');
    expect(md).not.toContain('<without>');
  });

  it('lists evidence and diagnostics in details blocks', () => {
    expect(md).toContain('<details><summary>Evidence</summary>');
    expect(md).toContain('`virt/kvm/guest_memfd.c:302` in `kvm_gmem_prepare_folio()`');
    expect(md).toContain('<details><summary>1 input diagnostics</summary>');
  });

  it('says "No findings." for a clean series', () => {
    expect(formatReview({ ...makeReview(), findings: [] }, 'markdown', OPTS)).toContain('\nNo findings.\n');
  });
});
