// Streaming throughput and memory of source + mail on a large mbox.
// Run: npm run build && /usr/bin/time -v node bench/mail-throughput.mjs [MB] [file]
// Writes a ≥MB (default 200) mbox to /tmp by repeating the corpus threads, each
// copy with fresh Message-IDs (and In-Reply-To/References rewritten to match),
// then reads it with openSources + readMessages and prints MB/s and peak RSS.
// Peak RSS must stay flat as MB grows: only one message is held at a time.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { openSources, DEFAULT_MAX_INPUT_BYTES } from '../dist/source/index.js';
import { readMessages } from '../dist/mail/index.js';

const targetMB = Number(process.argv[2] ?? 200);
const file = process.argv[3] ?? `/tmp/pmreview-throughput-${targetMB}mb.mbox`;
const corpus = path.resolve(import.meta.dirname, '../fixtures/corpus');
const threads = fs.readdirSync(corpus).filter((f) => f.endsWith('.mbox')).map((f) => fs.readFileSync(path.join(corpus, f), 'utf8'));

if (!fs.existsSync(file) || fs.statSync(file).size < targetMB * 1e6) {
  const out = fs.createWriteStream(file);
  let written = 0;
  for (let copy = 0; written < targetMB * 1e6; copy++) {
    for (const t of threads) {
      // ids inside angle brackets only in id headers; bodies stay as archived
      const text = t.replace(/^((?:Message-ID|In-Reply-To|References):[^\n]*(?:\n[ \t][^\n]*)*)/gim, (h) => h.replace(/<([^<>@\s]+)@/g, `<$1.copy${copy}@`));
      const chunk = text.endsWith('\n\n') ? text : `${text.replace(/\n*$/, '')}\n\n`;
      written += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

const size = fs.statSync(file).size;
const t0 = performance.now();
let messages = 0;
let withId = 0;
let diagnostics = 0;
const ids = new Set();
let duplicates = 0;
for (const source of await openSources([file], { maxInputBytes: DEFAULT_MAX_INPUT_BYTES })) {
  for await (const m of readMessages(source)) {
    messages++;
    diagnostics += m.diagnostics.length;
    if (m.messageId) {
      withId++;
      // a sample of ids only, so the check itself does not grow with the file
      if (messages <= 20000) {
        if (ids.has(m.messageId)) duplicates++;
        ids.add(m.messageId);
      }
    }
  }
}
const s = (performance.now() - t0) / 1000;
const rssMB = process.resourceUsage().maxRSS / 1024;
console.log(`file ${file}: ${(size / 1e6).toFixed(1)} MB, ${messages} messages (${withId} with Message-ID, ${duplicates} duplicate ids in the first 20000, ${diagnostics} diagnostics)`);
console.log(`read in ${s.toFixed(2)} s: ${(size / 1e6 / s).toFixed(1)} MB/s, ${(messages / s).toFixed(0)} messages/s; peak RSS ${rssMB.toFixed(0)} MB`);
