import { describe, expect, it } from 'vitest';
import { baseKernelAt, loadModel, type ModelEntry } from '../../src/model/index.js';
import { newFilePatch, reviewText, ruleById } from './tester.js';

/**
 * The TLB rules take the reach of a flush from the model (issue 10 §1): a
 * made-up arch flush draws nothing until the model says what it reaches, and
 * what it reaches decides the finding, with no rule code changed.
 */
const PATCH = newFilePatch('[PATCH] arm64: hide a page from the linear map', 'arch/arm64/mm/hide.c', `// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/set_memory.h>

int arm64_hide_page(struct page *page)
{
	unsigned long addr = (unsigned long)page_address(page);
	int r;

	r = set_direct_map_invalid_noflush(page);
	if (r)
		return r;
	arch_flush_kernel_page(addr);
	return 0;
}`);

const flush = (flushScope: 'all' | 'local'): ModelEntry => ({
  symbol: 'arch_flush_kernel_page',
  kind: 'function',
  concept: 'tlb',
  role: 'flush',
  semantics: 'a made-up arch flush of one kernel page',
  status: { kind: 'mainline', since: '6.12' },
  source: 'test',
  facts: ['TLB-01'],
  granularity: 'page',
  flushes: { '*': true },
  flushScope,
  flushTarget: 'kernel',
  returns: 'void',
  args: { addr: 0 },
});

const rules = ['R03', 'R32'].map(ruleById);
const found = async (entry?: ModelEntry) =>
  (await reviewText(PATCH, { rules, model: entry ? loadModel().extend([entry]) : loadModel() })).map((f) => `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.line}`);

describe('the TLB rules read a flush\'s reach from the model', () => {
  it('take an unknown call for no flush at all (R03)', async () => {
    expect(await found()).toEqual(['R03 error arch/arm64/mm/hide.c:10']);
  });

  it('accept the call once the model says it flushes every CPU', async () => {
    expect(await found(flush('all'))).toEqual([]);
  });

  it('report a local-only flush after a removal once the model says it reaches this CPU only (R32)', async () => {
    expect(await found(flush('local'))).toEqual(['R32 error arch/arm64/mm/hide.c:13']);
  });
});

describe('the newest base kernel a patch can have', () => {
  it('is the release in development on the patch\'s date, never newer than the model\'s', () => {
    expect(baseKernelAt('Tue, 19 Dec 2023 17:50:43 +0000', '6.12')).toBe('6.7');
    expect(baseKernelAt('2024-01-28T12:04:05Z', '6.12')).toBe('6.8');
    expect(baseKernelAt('Mon, 18 Nov 2024 00:00:00 +0000', '6.12')).toBe('6.12');
    expect(baseKernelAt('2026-11-20T10:00:00Z', '6.12')).toBe('6.12');
    expect(baseKernelAt('2023-12-19', '6.5')).toBe('6.5');
  });

  it('is the model\'s kernel when the date is missing or unreadable', () => {
    expect(baseKernelAt(undefined, '6.12')).toBe('6.12');
    expect(baseKernelAt('yesterday', '6.12')).toBe('6.12');
  });
});
