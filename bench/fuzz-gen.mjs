// Inputs of `npm run fuzz` (bench/fuzz.mjs) and of the fuzz and bomb tests:
// the resource bombs of issue 13, and mail mutated from the repository's own
// fixtures, all deterministic from a seed. Plain ESM so the script runs
// against dist/ without a build step of its own.
import { createWriteStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { Buffer } from 'node:buffer';
import { prng } from './make-archive.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** The archive generator's mulberry32, plus log-uniform sizes: most runs short, some huge. */
export function rng(seed) {
  const r = prng(seed);
  return { next: r.next, int: r.int, pick: r.pick, size: (max) => Math.max(1, Math.floor(Math.exp(r.next() * Math.log(max)))) };
}

// ---------------------------------------------------------------- the bombs

const HEAD = (id, subject) =>
  `From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\nFrom: Eve Example <eve@example.org>\nDate: Mon, 25 Nov 2024 10:00:01 +0000\nSubject: ${subject}\nMessage-ID: <${id}@example.org>\n\n`;

/** One patch mail whose guest_memfd hunk adds `lines` inside kvm_gmem_get_folio(). */
/** One patch adding 6.12 files kept in fixtures/kernel whole, under new names. */
export function newFilesPatch(id, files) {
  let body = '';
  for (const f of files) {
    const lines = readFileSync(path.join(ROOT, 'fixtures/kernel/6.12', f), 'utf8').replace(/\n$/, '').split('\n');
    body += `diff --git a/${f}.new.c b/${f}.new.c\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${f}.new.c\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
  }
  return HEAD(id, '[PATCH] KVM: guest_memfd: add big files') + `Add them whole.\n\nSigned-off-by: Eve Example <eve@example.org>\n---\n${body}-- \n2.40.0\n\n`;
}

export function gmemPatch(id, lines, subject = '[PATCH] KVM: guest_memfd: hostile hunk') {
  const body = [
    ' static struct folio *kvm_gmem_get_folio(struct inode *inode, pgoff_t index)',
    ' {',
    ' \tstruct folio *folio;',
    ...lines.map((l) => `+${l}`),
    ' \treturn folio;',
    ' }',
  ];
  const added = lines.length;
  return (
    HEAD(id, subject) +
    `Remove the folio from the direct map.\n\nSigned-off-by: Eve Example <eve@example.org>\n---\n` +
    `diff --git a/virt/kvm/guest_memfd.c b/virt/kvm/guest_memfd.c\nindex 1111111..2222222 100644\n--- a/virt/kvm/guest_memfd.c\n+++ b/virt/kvm/guest_memfd.c\n` +
    `@@ -100,5 +100,${5 + added} @@ static int kvm_gmem_prepare_folio(struct kvm *kvm)\n${body.join('\n')}\n-- \n2.39.5\n\n`
  );
}

/** `r = !!!…!!f(x);`: a unary chain as deep as it is long. */
export function bangPatch(id, bytes) {
  return gmemPatch(id, [`\tr = ${'!'.repeat(bytes)}set_direct_map_invalid_noflush(&folio->page);`]);
}

/** A run of `-` after `goto out;`, in a mail of about `mailBytes`. */
export function dashPatch(id, run, mailBytes) {
  const filler = [];
  for (let n = 0; n * 40 < mailBytes - run; n++) filler.push(`\tfolio_mark_uptodate(folio); /* ${String(n).padStart(8, '0')} */`);
  return gmemPatch(id, ['\tr = set_direct_map_invalid_noflush(&folio->page);', '\tif (r)', `\t\tgoto out;${'-'.repeat(run)}`, ...filler]);
}

/** One line of `bytes` characters: an initialiser that never ends. */
export function longLinePatch(id, bytes) {
  const item = 'set_direct_map_default_noflush(p), ';
  return gmemPatch(id, [`\tint v[] = { ${item.repeat(Math.ceil(bytes / item.length))}0 };`]);
}

async function writeStream(file, chunks) {
  const out = createWriteStream(file);
  for (const c of chunks()) if (!out.write(c)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * The resource bombs of issue 13, written into `dir`. `scale` 1 is the issue's
 * sizes; the test suite uses smaller ones that still show the fault.
 * Every entry runs `pmreview <args>`; `boundSeconds` is the per-message bound
 * (messages up to 1 MiB), `rssMB` the peak RSS bound.
 */
export async function writeBombs(dir, { full = false } = {}) {
  const file = (name) => path.join(dir, name);
  const list = [];
  const add = (name, args, extra = {}) => list.push({ name, args, rssMB: 300, ...extra });

  writeFileSync(file('bang-20k.mbox'), bangPatch('bang20k', 20_000));
  add('20 kB patch of r = !!!…!!f(x);', ['check', file('bang-20k.mbox'), '--format', 'json'], { key: 'bang-20k', boundSeconds: 1 });
  writeFileSync(file('bang-40k.mbox'), bangPatch('bang40k', 40_000));
  add('40 kB patch of r = !!!…!!f(x);', ['check', file('bang-40k.mbox'), '--format', 'json'], { key: 'bang-40k', boundSeconds: 1 });
  writeFileSync(file('dash-160k.mbox'), dashPatch('dash', 100_000, 160_000));
  add('160 kB mail, 100 kB run of - after goto out;', ['check', file('dash-160k.mbox'), '--format', 'json'], { key: 'dash-160k', boundSeconds: 1 });
  // Deep within every line-length cap: one `!` per line.
  writeFileSync(file('bang-lines.mbox'), gmemPatch('banglines', [...Array(100_000).fill('\t!'), '\tset_direct_map_invalid_noflush(&folio->page);']));
  add('one ! per line, 100,000 lines', ['check', file('bang-lines.mbox'), '--format', 'json'], { key: 'bang-lines', boundSeconds: 1 });
  // Half a million empty added lines in 1 MB: every stage after the diff works per line.
  writeFileSync(file('lines-1m.mbox'), gmemPatch('lines1m', [...Array(500_000).fill(''), '\tset_direct_map_invalid_noflush(&folio->page);']));
  add('500,000 empty lines in 1 MB', ['check', file('lines-1m.mbox'), '--format', 'json'], { key: 'lines-1m', boundSeconds: 1 });
  // Plain calls, 5,000 lines: a big hunk the C view has to read.
  writeFileSync(file('calls-200k.mbox'), gmemPatch('calls200k', [...Array(5_000).fill('\tfolio_mark_uptodate(folio); r = f(x);'), '\tset_direct_map_invalid_noflush(&folio->page);']));
  add('5,000 lines of calls (200 kB)', ['check', file('calls-200k.mbox'), '--format', 'json'], { key: 'calls-200k', boundSeconds: 1 });
  // Real kernel C, 360 kB of it, added whole in one patch: the C view and the rules at full stretch.
  writeFileSync(file('big-c.mbox'), newFilesPatch('bigc', ['virt/kvm/kvm_main.c', 'mm/gup.c', 'arch/x86/mm/pat/set_memory.c']));
  add('360 kB patch adding three real 6.12 C files', ['check', file('big-c.mbox'), '--format', 'json'], { key: 'big-c', boundSeconds: 1 });
  writeFileSync(file('line-3m.mbox'), longLinePatch('line3m', 3_000_000));
  add('a 3 MB line', ['check', file('line-3m.mbox'), '--format', 'json'], { key: 'line-3m' });
  // A mixed mbox of the above, as one list archive.
  const mixed = [];
  let size = 0;
  for (let i = 0; size < (full ? 5_900_000 : 2_000_000); i++) {
    const m = [bangPatch(`mix${i}`, 20_000), dashPatch(`mixd${i}`, 100_000, 160_000), longLinePatch(`mixl${i}`, 300_000)][i % 3];
    mixed.push(m);
    size += m.length;
  }
  writeFileSync(file('mixed.mbox'), mixed.join(''));
  add(`a ${(size / 1e6).toFixed(1)} MB mbox of the above`, ['check', file('mixed.mbox'), '--format', 'json'], { key: 'mixed' });

  // gzip of zeros: no line end, no message boundary, ~1000:1.
  const zeros = full ? 10_000 : 1_000; // MiB of zeros (10 GB expands past the 4 GiB cap)
  const gz = zlib.createGzip({ level: 9 });
  const out = createWriteStream(file('zeros.gz'));
  gz.pipe(out);
  const mib = Buffer.alloc(1 << 20);
  for (let i = 0; i < zeros; i++) if (!gz.write(mib)) await once(gz, 'drain');
  gz.end();
  await once(out, 'finish');
  add(`${(statSync(file('zeros.gz')).size / 1e6).toFixed(1)} MB .gz of ${zeros} MiB of zeros`, ['check', file('zeros.gz')], { key: 'zeros-gz', fatal: true });

  // A subject far larger than any diagnostic should quote.
  const subjectBytes = full ? 200_000_000 : 1_000_000;
  await writeStream(file('subject.mbox'), function* () {
    yield `From x Mon Sep 17 00:00:00 2001\nFrom: Eve <eve@example.org>\nMessage-ID: <subject@example.org>\nSubject: [PATCH] `;
    const chunk = 'x'.repeat(1 << 20);
    for (let n = 0; n < subjectBytes; n += chunk.length) yield chunk.slice(0, Math.min(chunk.length, subjectBytes - n));
    yield '\n\nno diff here\n';
  });
  add(`a ${(subjectBytes / 1e6).toFixed(0)} MB subject`, ['check', file('subject.mbox'), '--format', 'json'], { key: 'subject', maxOutputBytes: 100_000 });

  // Many tiny messages: memory must not grow with their number in the streaming format.
  for (const tiny of full ? [1_000_000] : [20_000, 100_000]) {
    const name = `tiny-${tiny}.mbox`;
    await writeStream(file(name), function* () {
      let s = '';
      for (let i = 0; i < tiny; i++) {
        s += `From x Mon Sep 17 00:00:00 2001\nFrom: a@example.org\nSubject: [PATCH] m${i}\nMessage-ID: <m${i}@example.org>\n\nhi\n\n`;
        if (s.length > 1 << 20) {
          yield s;
          s = '';
        }
      }
      yield s;
    });
    add(`${tiny.toLocaleString('en')} tiny messages, --format rdjsonl`, ['check', file(name), '--format', 'rdjsonl', '-j', '1'], { key: `tiny-${tiny}` });
  }
  return list;
}

// ------------------------------------------------------------ mutated mail

function filesUnder(dir) {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    })
    .sort();
}

/** Every mail of fixtures/corpus and fixtures/parser, one string (latin1: one char per byte) each. */
export function seedMessages() {
  const out = [];
  const inputs = [...filesUnder(path.join(ROOT, 'fixtures/corpus')), ...filesUnder(path.join(ROOT, 'fixtures/parser'))].filter((f) => !/\.(json|md)$/.test(f));
  for (const f of inputs) {
    const text = readFileSync(f).toString('latin1');
    // Cut at mbox separators; a file without one is one mail.
    const parts = text.split(/\n(?=From \S+ +\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}\n)/);
    for (const p of parts) if (p.trim()) out.push(p.endsWith('\n') ? p : `${p}\n`);
  }
  return out;
}

const TOKENS = [
  '\u0000', '\r', '\r\n', '\n\n', '\t', '\u001b[2J', '\u001b]0;pwned\u0007', '\u001b]8;;https://evil.example/\u001b\\x\u001b]8;;\u001b\\', '\u0007', '\u009b31m', '\u202e',
  '\n::error::injected\n', '\n::add-mask::x\n', '::stop-commands::t', '@everyone', '@octocat', '`', '```', '<script>alert(1)</script>', '<!-- pmreview:R01:0123456789abcdef -->',
  '=?utf-8?b?////?=', '=?x-unknown?q?=ZZ=?=', '=?utf-8?q?=0D=0A::error::x?=', '\nFrom x Mon Sep 17 00:00:00 2001\n', '\n>From x\n', '\ndiff --git a/x.c b/x.c\n', '\n--- a/x.c\n+++ b/x.c\n',
  '\n@@ -1,99999999 +1,99999999 @@\n', '\n@@ -0,0 +4294967296,1 @@ f(\n', '\n+\tset_direct_map_invalid_noflush(&folio->page);\n', '\n+\tfolio_put(folio);\n', '\nContent-Type: multipart/mixed; boundary="b"\n',
  '\n--b\n', '\n--b--\n', '\nContent-Transfer-Encoding: base64\n', '\nContent-Transfer-Encoding: quoted-printable\n', '=\n', '=3D=', '\nSigned-off-by: \n', '\nIn-Reply-To: <a@b>\n',
  '\nReferences: <a@b> <c@d> <e@f>\n', '\n Folded continuation\n', '\u00ff\u00fe', '\u00c3\u0028', '\ud800', '#define X (1ULL << 99999999999)\n', '\n+#define GUEST_MEMFD_FLAG_X (1ULL << 64)\n',
];
const RUNS = ['!', '-', '(', ')', '{', '}', '[', '*', '&', '+', ' ', '\t', '\n', '\n+', '\n+{', '\n+if (x)', 'x', '=', '\\', '"', '/*', '#if 1\n', 'f(', '?x:', ',', 'a.', '->b', '\n ', '\n-'];

/**
 * A mutated mail, at most `maxBytes` long: 1–4 edits of a fixture mail
 * (byte flips, cut, doubled or dropped lines, hostile tokens, long runs of one
 * token, a splice with another mail).
 */
export function mutate(seeds, r, maxBytes = 1 << 20) {
  let m = r.pick(seeds);
  const edits = r.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const at = r.int(0, m.length);
    switch (r.int(0, 9)) {
      case 0: {
        const chars = m.split('');
        for (let k = r.int(1, 20); k > 0 && chars.length; k--) chars[r.int(0, chars.length - 1)] = String.fromCharCode(r.int(0, 255));
        m = chars.join('');
        break;
      }
      case 1:
        m = m.slice(0, at);
        break;
      case 2: {
        const lines = m.split('\n');
        const a = r.int(0, lines.length - 1);
        const b = Math.min(lines.length, a + r.size(50));
        const times = r.size(r.next() < 0.1 ? 2000 : 20);
        lines.splice(b, 0, ...Array.from({ length: times }, () => lines.slice(a, b)).flat());
        m = lines.join('\n');
        break;
      }
      case 3: {
        const lines = m.split('\n');
        lines.splice(r.int(0, lines.length - 1), r.size(40));
        m = lines.join('\n');
        break;
      }
      case 4:
      case 5:
        m = m.slice(0, at) + r.pick(TOKENS) + m.slice(at);
        break;
      case 6:
      case 7: {
        // a run at a line of the diff when there is one, where the C view will see it
        const diffAt = m.indexOf('\n+', r.int(0, m.length));
        const pos = diffAt >= 0 && r.next() < 0.7 ? diffAt + 2 : at;
        const run = r.pick(RUNS).repeat(r.size(r.next() < 0.2 ? 200_000 : 5_000));
        m = m.slice(0, pos) + run + m.slice(pos);
        break;
      }
      case 8: {
        const other = r.pick(seeds);
        m = m.slice(0, at) + other.slice(r.int(0, other.length));
        break;
      }
      default: {
        // a header edit: the subject (or a new header) made long or odd
        const s = m.indexOf('\nSubject: ');
        const token = r.next() < 0.5 ? r.pick(TOKENS) : r.pick(RUNS).repeat(r.size(50_000));
        m = s >= 0 ? m.slice(0, s + 10) + token + m.slice(s + 10) : `Subject: ${token}\n${m}`;
      }
    }
    if (m.length > maxBytes) m = m.slice(0, maxBytes);
  }
  return m;
}
