import { describe, expect, it } from 'vitest';
import type { DiffPatch, DiffSeries, Location } from '../../src/diff/index.js';
import { placeFindings, placeTouches, unplaced } from '../../src/review/index.js';
import type { Finding } from '../../src/rules/index.js';

function patch(index: number, subject: string, input: string, messageId?: string): DiffPatch {
  return { index, subject, input, ...(messageId ? { messageId } : {}), files: [] } as unknown as DiffPatch;
}

const series = { patches: [patch(1, 'one', 'a.mbox', 'p1@x'), patch(2, 'two', 'b.mbox', 'p2@x'), patch(3, 'three', 'c.patch')] } as unknown as DiffSeries;

function at(patchIndex: number, subject: string, messageId?: string): Location {
  return { patchIndex, subject, ...(messageId ? { messageId } : {}), file: 'f.c', line: 1, side: 'new', text: 'x' };
}

function finding(location: Location, evidence: Location[] = []): Finding {
  return { ruleId: 'R01', category: 'folio-misuse', severity: 'error', message: 'm', fix: '', refs: [], fingerprint: 'fp', location, evidence };
}

describe('placing findings in the review', () => {
  it('records the input, series and patch of a finding and of its evidence', () => {
    const [f] = placeFindings([finding(at(2, 'renamed later', 'p2@x'), [at(1, 'one', 'p1@x')])], series, 4);
    expect(f!.location).toMatchObject({ input: 'b.mbox', series: 4, patchAt: 1 });
    expect(f!.evidence[0]).toMatchObject({ input: 'a.mbox', series: 4, patchAt: 0 });
  });

  it('finds a patch without Message-ID by index and subject, then by index', () => {
    expect(placeFindings([finding(at(3, 'three'))], series, 0)[0]!.location).toMatchObject({ input: 'c.patch', patchAt: 2 });
    expect(placeFindings([finding(at(3, 'other subject'))], series, 0)[0]!.location).toMatchObject({ patchAt: 2 });
  });

  it('places a cover-letter point in its series only, and leaves what rules made untouched', () => {
    const original = finding({ ...at(0, 'cover', 'c@x'), input: 'stale', patchAt: 1 });
    const [f] = placeFindings([original], series, 1);
    expect(f!.location.series).toBe(1);
    expect(f!.location).not.toHaveProperty('patchAt');
    expect(f!.location).not.toHaveProperty('input');
    expect(original.location.input).toBe('stale');
    expect(placeTouches([{ concept: 'folio', symbol: 's', role: 'use', location: at(1, 'one', 'p1@x') }], series, 2)[0]!.location).toMatchObject({ series: 2, patchAt: 0 });
  });

  it('takes the placement off findings of a review that is not reported', () => {
    const [f] = unplaced(placeFindings([finding(at(1, 'one', 'p1@x'), [at(2, 'two', 'p2@x')])], series, 0));
    expect(Object.keys(f!.location)).toEqual(['patchIndex', 'subject', 'messageId', 'file', 'line', 'side', 'text']);
    expect(f!.evidence[0]).not.toHaveProperty('series');
  });
});
