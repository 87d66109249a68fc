// Which library decodes a single mail for src/mail: postal-mime or mailparser?
// Run: npm run build && node bench/mime-choice.mjs [rounds]
// Speed: every message of fixtures/corpus/*.mbox and fixtures/parser/**
// parsed `rounds` times by each library (whole-message parse) and by ours.
// Correctness: header cases that patch mail meets (windows-1252 encoded words,
// a UTF-8 character split across two encoded words, raw 8-bit headers) and
// whether each library throws on the patchwork fuzz files.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import PostalMime from 'postal-mime';
import { simpleParser } from 'mailparser';
import { splitMbox, parseMessage } from '../dist/mail/index.js';

const data = path.resolve(import.meta.dirname, '../fixtures');
const rounds = Number(process.argv[2] ?? 20);
const files = [
  ...fs.readdirSync(path.join(data, 'corpus')).filter((f) => f.endsWith('.mbox')).map((f) => path.join(data, 'corpus', f)),
  ...fs.readdirSync(path.join(data, 'parser'), { recursive: true }).filter((f) => f.endsWith('.mbox')).map((f) => path.join(data, 'parser', f)),
];

const raws = [];
for (const f of files) for await (const r of splitMbox(fs.createReadStream(f))) raws.push({ file: f, raw: r });
const bytes = raws.reduce((n, r) => n + r.raw.bytes.length, 0);

async function time(name, fn) {
  let failures = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++)
    for (const r of raws) {
      try {
        await fn(r);
      } catch {
        failures++;
      }
    }
  const ms = performance.now() - t0;
  const per = rounds * raws.length;
  console.log(`${name.padEnd(12)} ${(ms / per).toFixed(3)} ms/message  ${((bytes * rounds) / 1e6 / (ms / 1000)).toFixed(1)} MB/s  throws: ${failures / rounds}`);
}

console.log(`${raws.length} messages, ${(bytes / 1e6).toFixed(2)} MB, ${rounds} rounds`);
await time('postal-mime', (r) => PostalMime.parse(r.raw.bytes));
await time('mailparser', (r) => simpleParser(Buffer.from(r.raw.bytes), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true }));
await time('ours', (r) => parseMessage(r.raw, r.file));

const cases = [
  ['windows-1252 Q word', '=?windows-1252?Q?=93gmem=94_=80?=', '“gmem” €'],
  ['UTF-8 split over two words', '=?utf-8?B?ww==?= =?utf-8?B?qQ==?=', 'é'],
  ['ISO-8859-1 Q word', '=?ISO-8859-1?Q?Andr=E9?=', 'André'],
  ['raw UTF-8 header', Buffer.from('Rafał Miłecki', 'utf8'), 'Rafał Miłecki'],
  ['raw latin-1 header', Buffer.from('Andr\xe9', 'latin1'), 'André'],
];
console.log('\nsubject decoding (expected → postal-mime | mailparser | ours):');
for (const [label, value, want] of cases) {
  const head = Buffer.concat([Buffer.from('From: a@example.org\nSubject: '), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\n\nbody\n')]);
  const pm = (await PostalMime.parse(head)).subject;
  const mp = (await simpleParser(head)).subject;
  const ours = parseMessage({ bytes: head, offset: 0, line: 1, ordinal: 1 }, 'case').subject;
  const mark = (v) => (v === want ? `ok ${JSON.stringify(v)}` : `WRONG ${JSON.stringify(v)}`);
  console.log(`  ${label.padEnd(28)} ${mark(pm)} | ${mark(mp)} | ${mark(ours)}`);
}

let agree = 0;
let total = 0;
for (const r of raws) {
  const ours = parseMessage(r.raw, r.file);
  const pm = await PostalMime.parse(r.raw.bytes).catch(() => undefined);
  const mp = await simpleParser(Buffer.from(r.raw.bytes)).catch(() => undefined);
  total++;
  if (pm && mp && ours.subject === (pm.subject ?? '') && ours.subject === (mp.subject ?? '')) agree++;
}
console.log(`\nsubject agreement of all three on the ${total} messages: ${agree}`);
