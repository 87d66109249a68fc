import { describe, expect, it } from 'vitest';
import { loadModel, type ModelEntry } from '../../src/model/index.js';
import { newFilePatch, reviewText, ruleById } from './tester.js';

/**
 * Symbol meanings live in the model (issue 10 §1): a primitive the model does
 * not know draws nothing; the same patch with one model entry giving that
 * primitive a role draws R03, R06 and R09, with no rule code changed.
 */
const PATCH = newFilePatch('[PATCH] mm: hide guest folios from the linear map', 'mm/hide.c', `// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void hide_folio(struct folio *folio)
{
	long i;

	for (i = 0; i < folio_nr_pages(folio); i++)
		arch_unmap_linear_page(folio_page(folio, i));
}

static const struct address_space_operations hide_aops = {
	.dirty_folio	= noop_dirty_folio,
};`);

const ENTRY: ModelEntry = {
  symbol: 'arch_unmap_linear_page',
  kind: 'function',
  concept: 'direct-map',
  role: 'remove',
  semantics: 'a made-up arch primitive: unmap one page from the linear map without a flush',
  status: { kind: 'mainline', since: '6.12' },
  source: 'test',
  facts: ['DM-03'],
  granularity: 'page',
  flushes: { '*': false },
  returns: 'int',
  mayFail: true,
  args: { page: 0 },
};

const rules = ['R03', 'R06', 'R09'].map(ruleById);

describe('rules ask the model what a call does', () => {
  it('say nothing about a primitive the model does not know', async () => {
    expect(await reviewText(PATCH, { rules })).toEqual([]);
  });

  it('report the same primitive once one model entry gives it a role', async () => {
    const model = loadModel().extend([ENTRY]);
    const found = await reviewText(PATCH, { rules, model });
    expect(found.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort()).toEqual(['R03 mm/hide.c:9', 'R06 mm/hide.c:9', 'R09 mm/hide.c:9']);
    expect(found.find((f) => f.ruleId === 'R03')!.message).toMatch(/arch_unmap_linear_page\(\) removes direct-map entries but no TLB flush follows/);
    expect(found.find((f) => f.ruleId === 'R09')!.message).toMatch(/result of arch_unmap_linear_page\(\) is ignored/);
  });
});

/**
 * The same holds for the GUP and sleeping-call facts: a call the model does
 * not know is not a plain-reference GUP call (R49) nor a sleeper (R29); one
 * entry saying so makes both rules report it.
 */
const GUP_PATCH = newFilePatch('[PATCH] KVM: x86: keep the guest ring pinned', 'arch/x86/kvm/ring.c', `// SPDX-License-Identifier: GPL-2.0
#include <linux/kvm_host.h>

int kvm_ring_pin(struct kvm_vcpu *vcpu, unsigned long hva, struct page **page)
{
	long n;

	asi_enter(vcpu->kvm->asi);
	ring_wait_idle(vcpu);
	asi_relax();
	n = ring_grab_pages(hva, 1, FOLL_LONGTERM, page);

	return n == 1 ? 0 : -EFAULT;
}`, '2');

const base = { kind: 'function' as const, status: { kind: 'mainline' as const, since: '6.12' }, source: 'test', returns: 'int' as const };
const GRAB: ModelEntry = { ...base, symbol: 'ring_grab_pages', concept: 'gup', role: 'pin', semantics: 'a made-up GUP call taking plain page references', facts: ['PIN-01'], args: { flags: 2 }, reference: 'get' };
const WAIT: ModelEntry = { ...base, symbol: 'ring_wait_idle', concept: 'kernel', role: 'use', semantics: 'a made-up call that waits for the ring to drain', facts: ['KRN-03'], sleeps: true };

describe('GUP references and sleeping calls come from the model', () => {
  const gupRules = ['R29', 'R49'].map(ruleById);

  it('say nothing about calls the model does not know', async () => {
    expect(await reviewText(GUP_PATCH, { rules: gupRules })).toEqual([]);
  });

  it('report them once the model says what they do', async () => {
    const model = loadModel().extend([GRAB, WAIT]);
    const found = await reviewText(GUP_PATCH, { rules: gupRules, model });
    expect(found.map((f) => `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.line}`).sort()).toEqual(['R29 error arch/x86/kvm/ring.c:9', 'R49 error arch/x86/kvm/ring.c:11']);
    expect(found.find((f) => f.ruleId === 'R49')!.message).toMatch(/ring_grab_pages\(\) takes plain references .* FOLL_LONGTERM/);
  });
});
