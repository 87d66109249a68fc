import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachDiffs } from '../../src/diff/index.js';
import { readMessages } from '../../src/mail/index.js';
import { SeriesAssembler, type Series } from '../../src/series/index.js';
import { withoutHunks } from './helpers.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const OWN = path.resolve(import.meta.dirname, '../../fixtures');

function mailFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(mbox|eml|patch|mail)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

async function seriesOf(file: string): Promise<Series[]> {
  const bytes = fs.readFileSync(file);
  const assembler = new SeriesAssembler({ allVersions: true });
  const out: Series[] = [];
  for await (const m of readMessages({ name: path.basename(file), kind: 'mbox', stream: async function* () { yield bytes; } })) out.push(...assembler.push(m));
  out.push(...assembler.finish().series);
  return out;
}

describe('attachDiffs with hunks: false (the path for series that name no model symbol)', () => {
  it('equals the full parse minus hunk lines on every mail in ../shared and fixtures/', async () => {
    const files = [...mailFiles(SHARED), ...mailFiles(OWN)];
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
