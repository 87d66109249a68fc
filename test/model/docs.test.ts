import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, renderModelJson, renderModelMarkdown } from '../../src/model/index.js';

const DOC = path.resolve(import.meta.dirname, '../../docs/model.md');

describe('docs/model.md', () => {
  it('is the renderer output for the default kernel (regenerate with: node scripts/gen-model-doc.mjs)', () => {
    const expected = renderModelMarkdown(loadModel());
    const actual = readFileSync(DOC, 'utf8');
    if (actual !== expected) {
      expect.fail('docs/model.md is stale: run `node scripts/gen-model-doc.mjs` and commit the result');
    }
  });
});

describe('model rendering', () => {
  const model = loadModel('6.12');
  const md = renderModelMarkdown(model);

  it('lists every symbol, registry and fact', () => {
    for (const e of model.entries) expect(md).toContain(`| \`${e.symbol}\` |`);
    for (const r of new Set(model.claims.map((c) => c.registry))) expect(md).toContain(`### ${r}`);
    for (const id of model.facts.keys()) expect(md).toContain(`| ${id} |`);
  });

  it('marks what the selected kernel has', () => {
    expect(md).toMatch(/\| `AS_INACCESSIBLE` \|[^\n]*\| mainline 6\.11 \| yes \|/);
    expect(renderModelMarkdown(loadModel('6.8'))).toMatch(/\| `AS_INACCESSIBLE` \|[^\n]*\| mainline 6\.11 \| no \|/);
  });

  it('renders JSON without bigints', () => {
    const json = renderModelJson(model) as { claims: { symbol: string; numeric: unknown }[]; entries: { symbol: string; inKernel: boolean }[] };
    expect(() => JSON.stringify(json)).not.toThrow();
    expect(json.claims.find((c) => c.symbol === 'KVM_CREATE_GUEST_MEMFD')?.numeric).toBe('212');
    expect(json.entries.find((e) => e.symbol === 'GUEST_MEMFD_FLAG_MMAP')?.inKernel).toBe(false);
  });
});
