#!/usr/bin/env node
// Measures Model.mentions(), the prefilter run on every hunk line of an
// archive, on the corpus copy in fixtures/: lines per second for the precompiled regex,
// next to a token-Set alternative as a reference point.
// Usage: node bench/model-prefilter.mjs [rounds]
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 50);

/** dist/ when built, else src/model transpiled on its own (it imports only types from other stages). */
async function importModel() {
  const built = path.join(root, 'dist', 'model', 'index.js');
  if (existsSync(built)) return { model: await import(pathToFileURL(built).href), cleanup: () => {} };
  const src = path.join(root, 'src', 'model');
  const out = mkdtempSync(path.join(tmpdir(), 'pmreview-bench-'));
  const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : n.endsWith('.ts') ? [path.join(dir, n)] : []));
  for (const file of walk(src)) {
    const dest = path.join(out, path.relative(src, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  }
  writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  return { model: await import(pathToFileURL(path.join(out, 'index.js')).href), cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

const corpus = path.resolve(root, 'fixtures/corpus');
const lines = readdirSync(corpus)
  .filter((f) => f.endsWith('.mbox'))
  .flatMap((f) => readFileSync(path.join(corpus, f), 'utf8').split('\n'))
  .filter((l) => /^[+\- ]/.test(l))
  .map((l) => l.slice(1));

const { model: mod, cleanup } = await importModel();
try {
  const model = mod.loadModel();
  const symbols = new Set(model.entries.map((e) => e.symbol));
  const prefixes = ['GUEST_MEMFD_FLAG_', 'KVM_GUEST_MEMFD_', 'KVM_GMEM_', 'KVM_CAP_', 'AS_', 'FOLL_', 'KVM_HC_', 'KVM_FEATURE_', '__GFP_', 'KVM_MEMORY_ATTRIBUTE_', 'KVM_MEM_'];
  const tokenSet = (text) => {
    for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
      const w = m[0];
      if (symbols.has(w) || prefixes.some((p) => w.length > p.length && w.startsWith(p))) return true;
    }
    return false;
  };
  const time = (fn) => {
    let hits = 0;
    for (const l of lines) if (fn(l)) hits++; // warm-up
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const l of lines) fn(l);
    const ns = Number(process.hrtime.bigint() - t0);
    return { hits, perLineNs: ns / (rounds * lines.length), linesPerSec: Math.round((rounds * lines.length) / (ns / 1e9)) };
  };
  const regex = time((l) => model.mentions(l));
  const set = time(tokenSet);
  process.stdout.write(`${lines.length} diff lines (corpus), ${symbols.size} symbols, ${rounds} rounds\n`);
  process.stdout.write(`mentions (regex):  ${regex.hits} hits, ${regex.perLineNs.toFixed(0)} ns/line, ${regex.linesPerSec.toLocaleString('en')} lines/s\n`);
  process.stdout.write(`token Set (ref.):  ${set.hits} hits, ${set.perLineNs.toFixed(0)} ns/line, ${set.linesPerSec.toLocaleString('en')} lines/s\n`);
} finally {
  cleanup();
}
