#!/usr/bin/env node
// Refreshes the repository's copies of the shared data (fixtures/corpus,
// fixtures/parser, fixtures/seeds) from the shared folder beside the checkout,
// when it exists, and prints what changed. Tests, eval and benches read only
// the copies, so a clone alone passes its tests.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const shared = process.env.PMREVIEW_SHARED ?? path.join(path.dirname(root), 'shared');
const PAIRS = [
  ['corpus', 'fixtures/corpus'],
  ['parser-fixtures', 'fixtures/parser'],
  ['seeds', 'fixtures/seeds'],
];

if (!fs.existsSync(shared)) {
  console.log(`sync-fixtures: ${shared} does not exist; the copies under fixtures/ stay as they are`);
  process.exit(0);
}

const OURS = /\.judged\.json$/;
const hash = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const filesUnder = (dir) =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort()
    : [];

let changes = 0;
for (const [from, to] of PAIRS) {
  const src = path.join(shared, from);
  const dst = path.join(root, to);
  if (!fs.existsSync(src)) continue;
  const have = new Set(filesUnder(dst));
  for (const rel of filesUnder(src)) {
    const s = path.join(src, rel);
    const d = path.join(dst, rel);
    const existed = have.delete(rel);
    if (existed && hash(s) === hash(d)) continue;
    fs.mkdirSync(path.dirname(d), { recursive: true });
    fs.copyFileSync(s, d);
    console.log(`${existed ? 'changed' : 'added  '} ${to}/${rel}`);
    changes++;
  }
  for (const rel of have) {
    // Our own files beside the copies (the judgements of extra findings) are not the shared folder's to remove.
    if (OURS.test(rel)) continue;
    fs.rmSync(path.join(dst, rel));
    console.log(`removed ${to}/${rel}`);
    changes++;
  }
}
console.log(changes ? `sync-fixtures: ${changes} file(s) changed` : 'sync-fixtures: fixtures are up to date');
