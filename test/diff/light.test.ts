import { describe, expect, it } from 'vitest';
import { attachDiffs } from '../../src/diff/index.js';
import { SeriesAssembler, type Series } from '../../src/series/index.js';
import { FIXTURES_DIR, mailFiles, messagesOf } from '../mail-files.js';
import { withoutHunks } from './helpers.js';

async function seriesOf(file: string): Promise<Series[]> {
  const assembler = new SeriesAssembler({ allVersions: true });
  const out: Series[] = [];
  for (const m of await messagesOf(file)) out.push(...assembler.push(m));
  out.push(...assembler.finish().series);
  return out;
}

describe('attachDiffs with hunks: false (the path for series that name no model symbol)', () => {
  it('equals the full parse minus hunk lines on every mail in fixtures/', async () => {
    const files = mailFiles(FIXTURES_DIR);
    expect(files.length).toBeGreaterThan(100);
    let patches = 0;
    for (const file of files) {
      for (const s of await seriesOf(file)) {
        const full = attachDiffs(s);
        const light = attachDiffs(s, { hunks: false });
        for (const [i, p] of light.patches.entries()) {
          const f = full.patches[i]!;
          const expected = withoutHunks({ files: f.files, diagnostics: f.diagnostics });
          expect({ files: p.files, diagnostics: p.diagnostics, added: p.added, removed: p.removed }, `${file} ${p.subject}`).toEqual({ ...expected, added: f.added, removed: f.removed });
          patches++;
        }
      }
    }
    expect(patches).toBeGreaterThan(200);
  });
});
