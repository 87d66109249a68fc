import { describe, expect, it } from 'vitest';
import { buildFileView, ensureParser, parserReady } from '../../src/code/index.js';

const file = { oldPath: 'mm/x.c', newPath: 'mm/x.c', path: 'mm/x.c', status: 'modified' as const, binary: false, added: 0, removed: 0, hunks: [] };

// Vitest runs each test file in its own module graph, so the parser starts unloaded here.
describe('parser loading', () => {
  it('refuses the synchronous API before ensureParser() and works after', async () => {
    expect(parserReady()).toBe(false);
    expect(() => buildFileView(file)).toThrow(/ensureParser/);
    const first = ensureParser();
    expect(ensureParser()).toBe(first);
    await first;
    expect(parserReady()).toBe(true);
    expect(buildFileView(file).post).toEqual([]);
  });
});
