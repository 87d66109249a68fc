#!/usr/bin/env node
// Builds the benchmark inputs, deterministically from a seed, in os.tmpdir():
//  - a mixed mailing-list archive: the corpus threads repeated with fresh
//    Message-IDs, dates and titles (so every copy is its own series), among
//    synthetic kernel-style series that touch no protected-memory code, as
//    most of a real list does (drivers/net, fs/ext4, Documentation, …);
//  - a 47-patch series plus cover, some patches touching guest_memfd, as one
//    mbox and as a directory of format-patch files for checkpatch.pl.
// Usage: node bench/make-archive.mjs [--size 100M|1G] [--seed N] [--out DIR]
// Prints one JSON line: { archive, archiveBytes, series47, series47Dir }.
// Files are named after size, seed and a hash of this script, so a rerun
// with the same parameters reuses them.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const CORPUS = path.resolve(here, '../fixtures/corpus');

export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(String(text).trim());
  if (!m) throw new Error(`--size ${text}: expected a number with K, M or G`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * unit);
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

// ---------------------------------------------------------------- dates

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
const hms = (d) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
/** `From ` separator date (asctime, as mbox writers use). */
const asctime = (d) => `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)} ${d.getUTCFullYear()}`;
const rfc2822 = (d) => `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)} +0000`;

// ---------------------------------------------------------------- vocabulary

const PEOPLE = [
  ['Anna Lindqvist', 'anna.lindqvist@example.org'], ['Bogdan Petrescu', 'bpetrescu@example.com'], ['Chen Wei', 'chenwei@example.cn'],
  ['Dmitri Orlov', 'dorlov@example.net'], ['Elena Marchetti', 'emarchetti@example.it'], ['Farid Haddad', 'farid@example.org'],
  ['Grace Okafor', 'grace.okafor@example.com'], ['Hiroshi Tanaka', 'htanaka@example.jp'], ['Ines Duarte', 'ines@example.pt'],
  ['Jakub Nowak', 'jnowak@example.pl'], ['Kirsten Berg', 'kberg@example.de'], ['Luis Romero', 'lromero@example.es'],
  ['Maya Shapiro', 'maya@example.il'], ['Nils Andersen', 'nils@example.dk'], ['Olga Ivanova', 'oivanova@example.ru'],
  ['Pavel Horak', 'phorak@example.cz'], ['Quentin Moreau', 'qmoreau@example.fr'], ['Rahul Mehta', 'rmehta@example.in'],
];

/** Subsystems of a typical list day; none of them is protected-memory code. */
const AREAS = [
  { prefix: 'net: stmmac', dir: 'drivers/net/ethernet/stmicro/stmmac', files: ['stmmac_main.c', 'dwmac4_core.c', 'stmmac_ethtool.c'], ns: 'stmmac', kind: 'c', list: 'netdev@vger.kernel.org', tag: 'net-next' },
  { prefix: 'bnxt_en', dir: 'drivers/net/ethernet/broadcom/bnxt', files: ['bnxt.c', 'bnxt_ethtool.c', 'bnxt_devlink.c'], ns: 'bnxt', kind: 'c', list: 'netdev@vger.kernel.org', tag: 'net' },
  { prefix: 'ice', dir: 'drivers/net/ethernet/intel/ice', files: ['ice_main.c', 'ice_txrx.c', 'ice_lib.c'], ns: 'ice', kind: 'c', list: 'netdev@vger.kernel.org', tag: 'iwl-next' },
  { prefix: 'ext4', dir: 'fs/ext4', files: ['inode.c', 'extents.c', 'super.c', 'namei.c'], ns: 'ext4', kind: 'c', list: 'linux-ext4@vger.kernel.org' },
  { prefix: 'btrfs', dir: 'fs/btrfs', files: ['volumes.c', 'ioctl.c', 'scrub.c'], ns: 'btrfs', kind: 'c', list: 'linux-btrfs@vger.kernel.org' },
  { prefix: 'drm/amdgpu', dir: 'drivers/gpu/drm/amd/amdgpu', files: ['amdgpu_device.c', 'amdgpu_ring.c', 'amdgpu_ib.c'], ns: 'amdgpu', kind: 'c', list: 'amd-gfx@lists.freedesktop.org' },
  { prefix: 'ASoC: codecs: wm8904', dir: 'sound/soc/codecs', files: ['wm8904.c', 'rt5640.c'], ns: 'wm8904', kind: 'c', list: 'linux-sound@vger.kernel.org' },
  { prefix: 'iio: adc: ad7192', dir: 'drivers/iio/adc', files: ['ad7192.c', 'ad_sigma_delta.c'], ns: 'ad7192', kind: 'c', list: 'linux-iio@vger.kernel.org' },
  { prefix: 'Documentation: networking', dir: 'Documentation/networking', files: ['ip-sysctl.rst', 'devlink/devlink-params.rst', 'tls.rst'], ns: 'doc', kind: 'rst', list: 'linux-doc@vger.kernel.org' },
  { prefix: 'docs: filesystems', dir: 'Documentation/filesystems', files: ['ext4/overview.rst', 'porting.rst'], ns: 'doc', kind: 'rst', list: 'linux-doc@vger.kernel.org' },
  { prefix: 'selftests: net', dir: 'tools/testing/selftests/net', files: ['udpgso.c', 'tls.c', 'so_txtime.c'], ns: 'test', kind: 'c', list: 'netdev@vger.kernel.org' },
];

const NOUNS = ['ring', 'queue', 'descriptor', 'buffer', 'extent', 'journal', 'inode', 'channel', 'register', 'clock', 'irq', 'stats', 'link', 'port', 'vector', 'context', 'request', 'entry', 'table', 'filter', 'timer', 'handle', 'block', 'range'];
const VERBS = ['alloc', 'free', 'init', 'reset', 'update', 'parse', 'setup', 'teardown', 'enable', 'disable', 'read', 'write', 'validate', 'flush_stats', 'configure', 'release'];
const ADJS = ['stale', 'unused', 'redundant', 'missing', 'wrong', 'racy', 'leaked', 'duplicate', 'uninitialised', 'inconsistent'];
const FIELDS = ['count', 'flags', 'len', 'size', 'state', 'index', 'mask', 'id', 'mode', 'limit'];
const ERRNOS = ['-EINVAL', '-ENOMEM', '-EBUSY', '-EIO', '-ENODEV', '-EOPNOTSUPP', '-ETIMEDOUT'];
const SENT = [
  (r, a) => `The ${r.pick(NOUNS)} is not released when ${a.ns}_${r.pick(VERBS)}_${r.pick(NOUNS)}() fails, which leaks it on every probe retry.`,
  (r) => `Move the ${r.pick(ADJS)} check out of the hot path and do it once at setup time instead.`,
  (r) => `This has been the case since the ${r.pick(NOUNS)} handling was reworked; nothing depends on the old behaviour.`,
  (r) => `No functional change intended for devices that do not set the ${r.pick(FIELDS)} field.`,
  (r) => `Found by code inspection while looking at the ${r.pick(NOUNS)} teardown order.`,
  (r) => `Without this, a ${r.pick(ADJS)} ${r.pick(NOUNS)} can be observed by the ${r.pick(NOUNS)} worker after reset.`,
  (r) => `Use the existing helper rather than open-coding the ${r.pick(NOUNS)} walk.`,
  (r, a) => `Tested on two boards with the ${a.ns} driver under a ${r.int(2, 48)} hour stress run.`,
  (r) => `Return ${r.pick(ERRNOS)} instead of silently ignoring the ${r.pick(ADJS)} ${r.pick(NOUNS)}.`,
];
const REPLY_SENT = [
  (r) => `Why is the ${r.pick(NOUNS)} reset here and not in the caller?`,
  () => 'Looks good to me.',
  (r) => `Please split the ${r.pick(NOUNS)} rename into its own patch, it makes this hard to review.`,
  (r) => `This needs a Fixes: tag, the ${r.pick(ADJS)} state goes back a few releases.`,
  (r) => `nit: ${r.pick(FIELDS)} is already set a few lines above.`,
  () => 'Can you add a comment explaining the ordering?',
];

function words(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.pick([...NOUNS, ...ADJS, 'the', 'a', 'of', 'to', 'when', 'is', 'and', 'for', 'with', 'driver', 'device']));
  return out.join(' ');
}

function wrap(text, width = 72) {
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function paragraph(r, area, n) {
  const s = [];
  for (let i = 0; i < n; i++) s.push(r.pick(SENT)(r, area));
  return wrap(s.join(' '));
}

// ---------------------------------------------------------------- synthetic code

function cLine(r, ns) {
  const v = r.pick(['ret', 'err', 'priv', 'ring', 'buf', 'desc', 'idx', 'val']);
  switch (r.int(0, 11)) {
    case 0: return `\t${v} = ${ns}_${r.pick(VERBS)}_${r.pick(NOUNS)}(${r.pick(['priv', 'dev', 'sb', 'ring'])}, ${r.int(0, 64)});`;
    case 1: return `\tif (${v} < 0)`;
    case 2: return `\t\treturn ${r.pick(['ret', 'err', ...ERRNOS])};`;
    case 3: return `\t${r.pick(['priv', 'ring', 'ctx'])}->${r.pick(FIELDS)} = ${r.pick(['0', 'idx', 'val', `${r.int(1, 4096)}`, `BIT(${r.int(0, 31)})`])};`;
    case 4: return `\t\tdev_${r.pick(['err', 'warn', 'dbg'])}(dev, "${r.pick(VERBS)} ${r.pick(NOUNS)} failed: %d\\n", ${v});`;
    case 5: return `\t/* ${words(r, r.int(4, 10))} */`;
    case 6: return `\tfor (i = 0; i < ${r.pick(['priv->num_rings', 'nr', 'count', `${ns.toUpperCase()}_MAX_${r.pick(NOUNS).toUpperCase()}`])}; i++)`;
    case 7: return `\t\t${ns}_${r.pick(VERBS)}_${r.pick(NOUNS)}(&${r.pick(['priv', 'ring', 'ctx'])}->${r.pick(NOUNS)}[i]);`;
    case 8: return `\t${r.pick(['u32', 'int', 'unsigned int', 'u64', 'bool'])} ${r.pick(FIELDS)};`;
    case 9: return '';
    case 10: return `\tgoto ${r.pick(['out', 'err_free', 'out_unlock', 'err_put'])};`;
    default: return `\treturn 0;`;
  }
}

function rstLine(r) {
  switch (r.int(0, 5)) {
    case 0: return '';
    case 1: return `${r.pick(FIELDS)} - ${r.pick(['INTEGER', 'BOOLEAN', 'STRING'])}`;
    case 2: return `\tDefault: ${r.int(0, 1024)}`;
    default: return wrap(words(r, r.int(8, 14)), 78)[0];
  }
}

/** One file's diff with consistent hunk headers; returns the diff lines and the +/- counts. */
function fileDiff(r, area, file, line = (rr) => (area.kind === 'rst' ? rstLine(rr) : cLine(rr, area.ns))) {
  const out = [`diff --git a/${file} b/${file}`, `index ${hex(r, 12)}..${hex(r, 12)} 100644`, `--- a/${file}`, `+++ b/${file}`];
  let added = 0;
  let removed = 0;
  let old = r.int(20, 400);
  let shift = 0;
  for (let h = r.int(1, 4); h > 0; h--) {
    const body = [];
    let o = 0;
    let n = 0;
    const ctx = (k) => {
      for (let i = 0; i < k; i++) {
        body.push(` ${line(r)}`);
        o++;
        n++;
      }
    };
    ctx(3);
    for (let b = r.int(1, 3); b > 0; b--) {
      for (let i = r.int(0, 4); i > 0; i--) {
        body.push(`-${line(r)}`);
        o++;
        removed++;
      }
      for (let i = r.int(1, 8); i > 0; i--) {
        body.push(`+${line(r)}`);
        n++;
        added++;
      }
      ctx(r.int(1, 3));
    }
    const fn = area.kind === 'rst' ? '' : ` static int ${area.ns}_${r.pick(VERBS)}_${r.pick(NOUNS)}(struct ${area.ns}_priv *priv)`;
    out.push(`@@ -${old},${o} +${old + shift},${n} @@${fn}`, ...body);
    shift += n - o;
    old += o + r.int(10, 120);
  }
  return { lines: out, added, removed };
}

function hex(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(0, 15)];
  return s;
}

function diffstat(files) {
  const width = Math.max(...files.map((f) => f.path.length));
  const lines = files.map((f) => ` ${f.path.padEnd(width)} | ${String(f.added + f.removed).padStart(3)} ${'+'.repeat(Math.min(f.added, 40))}${'-'.repeat(Math.min(f.removed, 40))}`);
  const add = files.reduce((s, f) => s + f.added, 0);
  const del = files.reduce((s, f) => s + f.removed, 0);
  lines.push(` ${files.length} file${files.length > 1 ? 's' : ''} changed, ${add} insertion${add === 1 ? '' : 's'}(+), ${del} deletion${del === 1 ? '' : 's'}(-)`);
  return lines;
}

// ---------------------------------------------------------------- messages

function message({ from, date, subject, id, inReplyTo, references = [], to, body }) {
  const h = [`From ${from[1]} ${asctime(date)}`, `From: ${from[0]} <${from[1]}>`, `Date: ${rfc2822(date)}`, `Subject: ${subject}`, `Message-ID: <${id}>`];
  if (to) h.push(`To: ${to}`);
  if (inReplyTo) h.push(`In-Reply-To: <${inReplyTo}>`);
  if (references.length) h.push(`References: ${references.map((x) => `<${x}>`).join('\n ')}`);
  h.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', '');
  // mboxrd: a body line that starts with From gets a > so it is not read as a separator.
  return `${h.join('\n')}\n${body.map((l) => (/^>*From /.test(l) ? `>${l}` : l)).join('\n')}\n\n`;
}

function patchBody(r, area, author, fileCount, makeFile) {
  const files = [];
  const diff = [];
  for (let i = 0; i < fileCount; i++) {
    const name = `${area.dir}/${r.pick(area.files)}`;
    if (files.some((f) => f.path === name)) continue;
    const d = makeFile(name);
    files.push({ path: name, added: d.added, removed: d.removed });
    diff.push(...d.lines);
  }
  const text = paragraph(r, area, r.int(2, 6));
  const trailers = [];
  if (r.chance(0.3)) trailers.push(`Fixes: ${hex(r, 12)} ("${area.prefix}: ${r.pick(VERBS)} ${r.pick(NOUNS)}")`);
  if (r.chance(0.2)) trailers.push(`Reported-by: ${r.pick(PEOPLE)[0]} <${r.pick(PEOPLE)[1]}>`);
  trailers.push(`Signed-off-by: ${author[0]} <${author[1]}>`);
  return [...text, '', ...trailers, '---', ...diffstat(files), '', ...diff, '-- ', '2.43.0'];
}

/** A synthetic thread: cover (when more than one patch), patches, some replies. */
function syntheticSeries(r, state) {
  const area = r.pick(AREAS);
  const author = r.pick(PEOPLE);
  const total = r.chance(0.45) ? 1 : r.int(2, 12);
  const version = r.chance(0.6) ? 1 : r.int(2, 5);
  const title = `${r.pick(VERBS)} ${r.pick(ADJS)} ${r.pick(NOUNS)} ${r.pick(['handling', 'on error', 'after reset', 'in probe', 'during resume'])} (${state.serial})`;
  const tag = [r.chance(0.1) ? 'RFC PATCH' : 'PATCH', area.tag && r.chance(0.7) ? area.tag : null, version > 1 ? `v${version}` : null].filter(Boolean).join(' ');
  const base = `${state.date.getTime() / 1000}.${state.serial}-${author[1].split('@')[0]}`;
  const dom = author[1].split('@')[1];
  const ids = [];
  const out = [];
  const w = String(total).length;
  const counter = (i) => (total > 1 ? ` ${String(i).padStart(w, '0')}/${total}` : '');
  const tick = () => (state.date = new Date(state.date.getTime() + r.int(1, 90) * 1000));
  const mails = [];
  if (total > 1) {
    const id = `${base}-0@${dom}`;
    ids[0] = id;
    const body = [...paragraph(r, area, r.int(2, 5)), '', `${author[0]} (${total}):`, ...Array.from({ length: total }, (_, i) => `  ${area.prefix}: patch ${i + 1}`), '', 'base-commit: ' + hex(r, 40), '-- ', '2.43.0'];
    mails.push({ from: author, date: tick(), subject: `[${tag}${counter(0)}] ${area.prefix}: ${title}`, id, to: area.list, body });
  }
  for (let i = 1; i <= total; i++) {
    const id = `${base}-${i}@${dom}`;
    ids[i] = id;
    const body = patchBody(r, area, author, r.int(1, 3), (name) => fileDiff(r, area, name));
    mails.push({
      from: author, date: tick(), subject: `[${tag}${counter(i)}] ${area.prefix}: ${total > 1 ? `${r.pick(VERBS)} ${r.pick(NOUNS)} ${i}` : title}`, id, to: area.list,
      inReplyTo: total > 1 ? ids[0] : undefined, references: total > 1 ? [ids[0]] : [], body,
    });
  }
  for (let k = r.chance(0.6) ? r.int(1, 4) : 0; k > 0; k--) {
    const target = mails[r.int(0, mails.length - 1)];
    const reviewer = r.pick(PEOPLE);
    const quoted = target.body.slice(0, r.int(3, 20)).map((l) => (l ? `> ${l}` : '>'));
    const body = [`On ${rfc2822(target.date)}, ${target.from[0]} wrote:`, ...quoted, '', ...wrap(r.pick(REPLY_SENT)(r) + ' ' + r.pick(REPLY_SENT)(r)), ''];
    if (r.chance(0.4)) body.push(`Reviewed-by: ${reviewer[0]} <${reviewer[1]}>`);
    const rid = `${base}-r${k}@${reviewer[1].split('@')[1]}`;
    out.push(message({ from: reviewer, date: tick(), subject: `Re: ${target.subject}`, id: rid, to: area.list, inReplyTo: target.id, references: [...(target.references ?? []), target.id], body }));
  }
  state.serial++;
  return [...mails.map(message), ...out].join('');
}

/** The corpus threads as text blocks, each rewritten per copy. */
function loadCorpus() {
  return readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).sort().map((f) => readFileSync(path.join(CORPUS, f), 'utf8'));
}

const ID_HEADERS = /^(message-id|in-reply-to|references):/i;

/**
 * One copy of a corpus thread: Message-IDs (and the threading headers that
 * name them) get a copy tag, dates move to the archive clock, and each
 * Subject gets the tag too so the copy is a series of its own.
 */
function corpusCopy(text, r, state) {
  const tag = `pmb${state.serial}`;
  const messages = text.split(/^(?=From \S+ .*\d{4}$)/m);
  const out = [];
  for (const msg of messages) {
    if (!msg.trim()) continue;
    const end = msg.indexOf('\n\n');
    const head = msg.slice(0, end).split('\n');
    const date = (state.date = new Date(state.date.getTime() + r.int(5, 600) * 1000));
    let inIds = false;
    let subjectEnd = -1;
    for (let i = 0; i < head.length; i++) {
      const l = head[i];
      const folded = /^[ \t]/.test(l);
      if (!folded) inIds = ID_HEADERS.test(l);
      if (i === 0) head[i] = l.replace(/^From (\S+) .*$/, (_, who) => `From ${who} ${asctime(date)}`);
      else if (/^date:/i.test(l)) head[i] = `Date: ${rfc2822(date)}`;
      else if (inIds) head[i] = l.replace(/<([^<>@\s]+)@([^<>\s]+)>/g, `<$1.${tag}@$2>`);
      if (/^subject:/i.test(l)) subjectEnd = i;
      else if (folded && subjectEnd === i - 1) subjectEnd = i;
    }
    if (subjectEnd > 0) head[subjectEnd] += ` (${tag})`;
    out.push(`${head.join('\n')}${msg.slice(end)}`);
  }
  state.serial++;
  return out.map((m) => (m.endsWith('\n\n') ? m : m.endsWith('\n') ? `${m}\n` : `${m}\n\n`)).join('');
}

/** Buffered writes: the 1 GB archive is built in 4 MB chunks, never held whole. */
function writer(file) {
  const fd = openSync(file, 'w');
  let chunks = [];
  let pending = 0;
  let total = 0;
  const flush = () => {
    if (pending) writeSync(fd, chunks.join(''));
    chunks = [];
    pending = 0;
  };
  return {
    write(s) {
      chunks.push(s);
      pending += s.length;
      total += Buffer.byteLength(s);
      if (pending > 4 << 20) flush();
    },
    get bytes() {
      return total;
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export function writeMixedArchive(file, size, seed) {
  const r = prng(seed);
  const corpus = loadCorpus();
  const state = { serial: 1, date: new Date(Date.UTC(2024, 0, 8, 9, 0, 0)) };
  const w = writer(file);
  while (w.bytes < size) {
    // About one list thread in forty is protected-memory work (the corpus);
    // by bytes that is about one twentieth of the archive.
    w.write(r.chance(0.025) ? corpusCopy(r.pick(corpus), r, state) : syntheticSeries(r, state));
  }
  w.close();
  return w.bytes;
}

// ---------------------------------------------------------------- the 47-patch series

const GMEM = { prefix: 'KVM: guest_memfd', dir: 'virt/kvm', files: ['guest_memfd.c'], ns: 'kvm_gmem', kind: 'c' };
const OTHER47 = [
  { prefix: 'KVM: x86', dir: 'arch/x86/kvm', files: ['x86.c', 'mmu/mmu.c', 'emulate.c'], ns: 'kvm_x86', kind: 'c' },
  { prefix: 'KVM: selftests', dir: 'tools/testing/selftests/kvm', files: ['guest_memfd_test.c', 'lib/kvm_util.c'], ns: 'test', kind: 'c' },
  { prefix: 'KVM: arm64', dir: 'arch/arm64/kvm', files: ['mmu.c', 'arm.c'], ns: 'kvm_arm', kind: 'c' },
  { prefix: 'Documentation: KVM', dir: 'Documentation/virt/kvm', files: ['api.rst'], ns: 'doc', kind: 'rst' },
];

/** guest_memfd code of the kind the 2024 RFC posted, with per-patch names. */
function gmemHunk(r, n) {
  const fn = `kvm_gmem_folio_${r.pick(['zap', 'hide', 'unmap', 'restore'])}_${n}`;
  const body = [
    `static int ${fn}(struct folio *folio)`,
    '{',
    '\tint r;',
    '',
    '\tif (folio_test_private(folio))',
    '\t\treturn 0;',
    '',
    r.chance(0.5) ? '\tr = set_direct_map_invalid_noflush(&folio->page);' : '\tr = set_direct_map_invalid_noflush(folio_page(folio, 0));',
    '\tif (r)',
    '\t\treturn r;',
    '',
    '\tfolio_set_private(folio);',
    '\treturn 0;',
    '}',
    '',
  ];
  const old = r.int(40, 600);
  return { lines: [`@@ -${old},6 +${old},${6 + body.length} @@ static struct folio *kvm_gmem_get_folio(struct inode *inode, pgoff_t index)`, ' \treturn folio;', ' }', ' ', ...body.map((l) => `+${l}`), ' static void kvm_gmem_invalidate_begin(struct kvm_gmem *gmem, pgoff_t start,', ' \t\t\t\t      pgoff_t end)', ' {'], added: body.length, removed: 0 };
}

function series47(r) {
  const author = ['Ada Kovacs', 'ada.kovacs@example.org'];
  const total = 47;
  const date = new Date(Date.UTC(2025, 2, 3, 10, 0, 0));
  const id = (i) => `20250303100000.4747-${i}-ada.kovacs@example.org`;
  const subj = (i, title) => `[PATCH v3 ${String(i).padStart(2, '0')}/${total}] ${title}`;
  const patches = [];
  for (let i = 1; i <= total; i++) {
    const gmem = i % 6 === 0;
    const area = gmem ? GMEM : OTHER47[i % OTHER47.length];
    const title = `${area.prefix}: ${r.pick(VERBS)} ${r.pick(NOUNS)} ${gmem ? 'outside the direct map' : 'handling'} (${i})`;
    const body = patchBody(r, area, author, gmem ? 1 : r.int(1, 3), (name) => {
      if (!gmem) return fileDiff(r, area, name);
      const parts = [gmemHunk(r, i), fileDiff(r, area, name)];
      const head = parts[1].lines.slice(0, 4);
      return { lines: [...head, ...parts[0].lines, ...parts[1].lines.slice(4)], added: parts[0].added + parts[1].added, removed: parts[1].removed };
    });
    patches.push({ i, title, body, date: new Date(date.getTime() + i * 1000) });
  }
  const cover = {
    i: 0,
    title: 'KVM: guest_memfd: keep guest memory out of the direct map',
    date,
    body: [...wrap('This series removes guest_memfd folios from the kernel direct map and restores them on free, with the x86, arm64 and selftest pieces that go with it.'), '', `${author[0]} (${total}):`, ...patches.map((p) => `  ${p.title}`), '', `base-commit: ${hex(r, 40)}`, '-- ', '2.43.0'],
  };
  return [cover, ...patches].map((p) => ({
    name: `${String(p.i).padStart(4, '0')}-${p.i === 0 ? 'cover-letter' : p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 52)}.patch`,
    text: message({ from: author, date: p.date, subject: subj(p.i, p.title), id: id(p.i), to: 'kvm@vger.kernel.org', inReplyTo: p.i ? id(0) : undefined, references: p.i ? [id(0)] : [], body: p.body }),
  }));
}

function writeSeries47(mbox, dir, seed) {
  const mails = series47(prng(seed ^ 0x4747));
  const w = writer(mbox);
  mkdirSync(dir, { recursive: true });
  for (const m of mails) {
    w.write(m.text);
    // format-patch files start with `From <sha> Mon Sep 17 00:00:00 2001`, as checkpatch expects.
    const f = writer(path.join(dir, m.name));
    f.write(m.text.replace(/^From \S+ .*$/m, `From ${'0'.repeat(40)} Mon Sep 17 00:00:00 2001`));
    f.close();
  }
  w.close();
}

// ---------------------------------------------------------------- main

export function makeArchives({ size = 100 * 1024 ** 2, seed = 1, out = path.join(tmpdir(), 'pmreview-bench') } = {}) {
  mkdirSync(out, { recursive: true });
  const version = createHash('sha256').update(readFileSync(import.meta.filename)).digest('hex').slice(0, 8);
  const archive = path.join(out, `mixed-${size}-s${seed}-${version}.mbox`);
  const series47Mbox = path.join(out, `series47-s${seed}-${version}.mbox`);
  const series47Dir = path.join(out, `series47-s${seed}-${version}`);
  if (!existsSync(archive)) {
    writeMixedArchive(`${archive}.part`, size, seed);
    renameSync(`${archive}.part`, archive);
  }
  if (!existsSync(series47Mbox)) {
    rmSync(series47Dir, { recursive: true, force: true });
    writeSeries47(`${series47Mbox}.part`, series47Dir, seed);
    renameSync(`${series47Mbox}.part`, series47Mbox);
  }
  return { archive, archiveBytes: statSync(archive).size, series47: series47Mbox, series47Dir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '100M' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const result = makeArchives({ size: parseSize(values.size), seed: Number(values.seed), out: values.out ? path.resolve(values.out) : undefined });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
