import { describe, expect, it } from 'vitest';
import { loadModel, type ModelEntry } from '../../src/model/index.js';
import { fixtureText, newFilePatch, reviewText, ruleById } from './tester.js';

/**
 * The folio rules read the model, not symbol lists: what an API walks
 * depends on the kernel the model is loaded for, and a made-up API with a
 * page count draws R38 only once the model gives it that meaning.
 */
describe('folio rules follow the model', () => {
  it('R01: copy_page_from_iter_atomic() given a folio range is an error before 6.6 and nothing from 6.6 on', async () => {
    const text = fixtureText('R01', 'pass-compound');
    const rule = ruleById('R01');
    const old = await reviewText(text, { rules: [rule], model: loadModel('6.4') });
    expect(old.map((f) => `${f.severity} ${f.location.line}`)).toEqual(['error 111']);
    expect(old[0]!.message).toMatch(/before 6\.6/);
    expect(await reviewText(text, { rules: [rule], model: loadModel('6.6') })).toEqual([]);
    expect(await reviewText(text, { rules: [rule], model: loadModel('6.12') })).toEqual([]);
  });

  const PATCH = newFilePatch('[PATCH] mm: scrub the pages of freed folios', 'mm/scrub.c', `// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

static void scrub_folio(struct folio *folio)
{
	long nr = folio_nr_pages(folio);

	folio_ref_add(folio, nr);
	arch_scrub_pages(folio_page(folio, 1), 1);
}`);

  const ENTRY: ModelEntry = {
    symbol: 'arch_scrub_pages',
    kind: 'function',
    concept: 'folio',
    role: 'access',
    semantics: 'a made-up arch primitive: scrub a number of pages',
    status: { kind: 'mainline', since: '6.12' },
    source: 'test',
    facts: ['FO-11'],
    granularity: 'nr-pages',
    args: { page: 0, count: 1 },
    returns: 'void',
  };

  it('R38: a count of 1 to an API the model does not know draws nothing; with the model entry it is a warning', async () => {
    const rule = ruleById('R38');
    expect(await reviewText(PATCH, { rules: [rule] })).toEqual([]);
    const found = await reviewText(PATCH, { rules: [rule], model: loadModel().extend([ENTRY]) });
    expect(found.map((f) => `${f.severity} ${f.location.file}:${f.location.line}`)).toEqual(['warning mm/scrub.c:9']);
    expect(found[0]!.message).toMatch(/arch_scrub_pages\(\) is given a count of 1/);
  });
});
