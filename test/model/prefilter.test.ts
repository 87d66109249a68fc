import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/index.js';
import { CORPUS } from './helpers.js';

const model = loadModel();

describe('Model.mentions', () => {
  it('matches whole symbols and registry prefixes only', () => {
    expect(model.mentions('\t\tr = set_direct_map_invalid_noflush(&folio->page);')).toBe(true);
    expect(model.mentions('#define KVM_CAP_SOMETHING_NEW 250')).toBe(true);
    expect(model.mentions('\tflags |= GUEST_MEMFD_FLAG_NO_DIRECT_MAP;')).toBe(true);
    expect(model.mentions('\tmy_set_direct_map_invalid_noflush_wrapper(p);')).toBe(false);
    expect(model.mentions('\tfolio_pages_total = 3;')).toBe(false);
    expect(model.mentions('we talk about folios and the direct map in prose')).toBe(false);
    expect(model.mentions('KVM_CAP_')).toBe(false);
  });

  it('agrees with a token-by-token lookup on every diff line of the corpus', () => {
    // The general kernel vocabulary gives calls meaning but makes no line relevant.
    const symbols = new Set(model.entries.filter((e) => e.concept !== 'kernel').map((e) => e.symbol));
    const prefixes = ['GUEST_MEMFD_FLAG_', 'KVM_GUEST_MEMFD_', 'KVM_GMEM_', 'KVM_CAP_', 'AS_', 'FOLL_', 'KVM_HC_', 'KVM_FEATURE_', '__GFP_', 'KVM_MEMORY_ATTRIBUTE_', 'KVM_MEM_'];
    const slow = (l: string) => [...l.matchAll(/[A-Za-z_]\w*/g)].some(([w]) => symbols.has(w) || prefixes.some((p) => w.length > p.length && w.startsWith(p)));
    const lines = readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).flatMap((f) => readFileSync(path.join(CORPUS, f), 'utf8').split('\n')).filter((l) => /^[+\- ]/.test(l));
    expect(lines.length).toBeGreaterThan(1000);
    const disagree = lines.filter((l) => model.mentions(l) !== slow(l));
    expect(disagree).toEqual([]);
    expect(lines.filter((l) => model.mentions(l)).length).toBeGreaterThan(50);
  });
});
