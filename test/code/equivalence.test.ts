import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeView, buildFileView, ensureParser, type FileView, type TreeSource } from '../../src/code/index.js';
import { CORPUS, FIXTURES, RULE_FIXTURES, fixtureFiles, patchesOf, ruleFixtures } from './helpers.js';

/**
 * The views of every patch of the corpus and of the rule fixtures, pinned
 * to the output of the code stage before it was optimised: any speed-up
 * must leave every FileView byte for byte the same. Regenerate the
 * snapshot (vitest -u) only for an intended change of the view itself.
 */
const SNAPSHOTS = path.resolve(import.meta.dirname, '__snapshots__');

/** A fixed prefilter, so hunk selection and split-function merging are covered without depending on the model. */
const PREFILTER = (text: string): boolean => /direct_map|gmem|folio|KVM_|mapping/.test(text);

/** JSON with bigints spelled `123n`, one view per line so a difference is easy to find. */
function serialise(views: FileView[]): string {
  return `${views.map((v) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))).join('\n')}\n`;
}

async function viewsOf(file: string): Promise<string> {
  const out: string[] = [];
  for (const patch of await patchesOf(file)) {
    out.push(`# ${patch.subject}\n`, serialise(await buildCodeView(patch)));
    out.push(`# ${patch.subject} (prefiltered)\n`, serialise(await buildCodeView(patch, { prefilter: PREFILTER })));
  }
  return out.join('');
}

beforeAll(async () => {
  await ensureParser();
});

describe('code views are unchanged', () => {
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).sort();

  it.each(corpus)('corpus thread %s', async (name) => {
    const text = await viewsOf(path.join(CORPUS, name));
    expect(text.split('\n').length).toBeGreaterThan(4);
    await expect(text).toMatchFileSnapshot(path.join(SNAPSHOTS, `corpus-${name.replace(/\.mbox$/, '')}.txt`));
  });

  it('every rule fixture patch', async () => {
    const files = ruleFixtures();
    expect(files.length).toBeGreaterThan(30);
    const parts: string[] = [];
    for (const file of files) parts.push(`## ${path.relative(RULE_FIXTURES, file)}\n`, await viewsOf(file));
    await expect(parts.join('')).toMatchFileSnapshot(path.join(SNAPSHOTS, 'rule-fixtures.txt'));
  });

  it('code fixtures, from the hunks and from a kernel tree', async () => {
    const parts: string[] = [];
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.diff')).sort()) {
      parts.push(`## ${name}\n`, serialise(fixtureFiles(name).map((f) => buildFileView(f))));
    }
    const pre = readFileSync(path.join(FIXTURES, 'tree/guest_memfd.pre.c'), 'utf8');
    const post = readFileSync(path.join(FIXTURES, 'tree/guest_memfd.post.c'), 'utf8');
    const tree: TreeSource = { readFile: (side, p) => (p === 'virt/kvm/guest_memfd.c' ? (side === 'pre' ? pre : post) : undefined) };
    parts.push('## tree-gmem.diff with the tree\n', serialise(fixtureFiles('tree-gmem.diff').map((f) => buildFileView(f, { treeSource: tree }))));
    await expect(parts.join('')).toMatchFileSnapshot(path.join(SNAPSHOTS, 'code-fixtures.txt'));
  });
});
