#!/usr/bin/env node
// Extracts the base-kernel facts of Linux 6.12 (issue 10 §2) from the kernel
// files kept in fixtures/kernel/6.12 and writes them as data in
// src/model/data/kernels/linux-6.12.ts. Run it after scripts/kernel-subset.sh
// or after changing the extraction (src/tree/kernel-facts.ts); the test
// test/model/kernel-facts.test.ts fails while the committed module is stale.
//
//     npm run extract-facts            # rewrite the module
//     npm run extract-facts -- --check # exit 1 when it is stale
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { keptKernelFacts, KEPT_FACTS_MODULE } = await import(path.join(root, 'dist/tree/index.js'));
const { extracted, module } = await keptKernelFacts(root);
for (const n of extracted.notes) console.error(`extract-facts: ${n.message}`);
const target = path.join(root, KEPT_FACTS_MODULE);
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // first run
}
const f = extracted.facts;
const summary = `${f.numbers.length} numbers, ${f.aops.length} aops, flags mask ${f.flagsMask ? `${f.flagsMask.kind} ${f.flagsMask.name}` : 'none'}, ${f.setters.length} setters`;
if (process.argv.includes('--check')) {
  if (current !== module) {
    console.error(`extract-facts: ${KEPT_FACTS_MODULE} is stale; run npm run extract-facts`);
    process.exit(1);
  }
  console.log(`extract-facts: ${KEPT_FACTS_MODULE} is up to date (${summary})`);
} else {
  writeFileSync(target, module);
  console.log(`extract-facts: wrote ${KEPT_FACTS_MODULE} (${summary})${current === module ? ', unchanged' : ''}`);
}
