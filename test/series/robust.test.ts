import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries } from '../../src/series/index.js';
import { readMbox, FIXTURE_ROOT } from './helpers.js';

function mboxes(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return mboxes(p);
    return e.name.endsWith('.mbox') ? [p] : [];
  });
}

describe('every parser fixture assembles without throwing', () => {
  const files = mboxes(path.join(FIXTURE_ROOT, 'parser'));

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [path.relative(FIXTURE_ROOT, f), f]))('%s', async (_name, file) => {
    const messages = await readMbox(file);
    const r = await assembleSeries(messages, { allVersions: true });
    expect(r.messages).toBe(messages.length);
    for (const d of [...r.diagnostics, ...r.series.flatMap((s) => s.diagnostics)]) {
      expect(d.input).toBeTruthy();
      expect(d.messageId).toBeTruthy();
    }
    for (const s of r.series) {
      expect(s.id).toBe(`${s.title} v${s.version}`);
      expect(s.patches.map((p) => p.index)).toEqual([...s.patches.map((p) => p.index)].sort((a, b) => a - b));
    }
  });
});
