#!/usr/bin/env node
// Regenerates docs/model.md from src/model. The model folder imports nothing
// but types from other stages, so it is transpiled on its own (typescript's
// transpileModule) into a temporary directory: the doc can be regenerated
// even while other stages do not compile.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src', 'model');
const out = mkdtempSync(path.join(tmpdir(), 'pmreview-model-doc-'));

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (name.endsWith('.ts')) yield p;
  }
}

try {
  for (const file of tsFiles(src)) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText;
    const dest = path.join(out, path.relative(src, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  const model = await import(pathToFileURL(path.join(out, 'index.js')).href);
  const target = path.join(root, 'docs', 'model.md');
  writeFileSync(target, model.renderModelMarkdown(model.loadModel()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
