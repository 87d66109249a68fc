import { createHash } from 'node:crypto';
import { noCommands, oneLine as shownOneLine, sameAddress, visible, type Person } from '../common/index.js';
import type { DiffPatch, DiffSeries, FileDiff, Hunk } from '../diff/index.js';
import type { Finding, Review } from '../rules/index.js';
import { sortFindings } from './counts.js';
import { findLine, placedPatch, placedSeries } from './locate.js';
import { address, addressList, asctime, headerText, rfc2822 } from './mail-headers.js';
import { wrap } from './wrap.js';

export interface ReplyOptions {
  from: Person;
  now?: Date;
  /** Right-hand side of the reply Message-IDs (default: the domain of `from`). */
  messageIdDomain?: string;
}

/** Quoted lines kept above a commented line; the rest of a hunk is cut as `[...]`. */
const CONTEXT = 3;
const CUT = '[...]';

/** A mail being answered: a patch, or the cover letter for findings about the whole series. */
interface Target {
  series: DiffSeries;
  patch?: DiffPatch;
  subject: string;
  author: Person;
  date?: string;
  messageId?: string;
  to: Person[];
  cc: Person[];
  /** Text quoted above comments that are not about a diff line. */
  lead: string;
  findings: Finding[];
}

/**
 * What has been said in one reply so far: a reviewer says a point once and
 * writes "Same here." under the next line it applies to, and gives a fix once.
 */
class Said {
  private readonly messages = new Set<string>();
  private readonly fixes = new Set<string>();

  comment(f: Finding): string[] {
    const key = `${f.ruleId}\0${f.message}`;
    if (this.messages.has(key)) return [`Same here. [${f.ruleId}]`];
    this.messages.add(key);
    const out = wrap(`${f.message} [${f.ruleId}]`);
    if (f.fix && !this.fixes.has(f.fix)) {
      this.fixes.add(f.fix);
      out.push('', ...wrap(f.fix));
    }
    return out;
  }

  /** Comments of several findings under one quoted line, each block set off by blank lines. */
  comments(fs: Finding[]): string[] {
    const out: string[] = [];
    for (const f of fs) out.push('', ...this.comment(f));
    out.push('');
    return out;
  }
}

function quoteLead(lead: string): string[] {
  const lines = lead.split('\n');
  while (lines.length && !lines[0]!.trim()) lines.shift();
  const para = lines.findIndex((l) => !l.trim());
  const first = (para < 0 ? lines : lines.slice(0, para)).slice(0, 6);
  const out = first.map((l) => (l ? `> ${l}` : '>'));
  if (first.length < lines.length) out.push(CUT);
  return out;
}

function fileHeader(file: FileDiff): string[] {
  const a = shownOneLine(file.oldPath ?? file.path);
  const b = shownOneLine(file.newPath ?? file.path);
  return [`> diff --git a/${a} b/${b}`, `> --- ${file.oldPath ? `a/${a}` : '/dev/null'}`, `> +++ ${file.newPath ? `b/${b}` : '/dev/null'}`];
}

/** One hunk quoted down to its last commented line, gaps longer than the context cut. */
function quoteHunk(hunk: Hunk, at: Map<number, Finding[]>, said: Said): string[] {
  const show = new Set<number>();
  for (const i of at.keys()) for (let k = Math.max(0, i - CONTEXT); k <= i; k++) show.add(k);
  const out = [`> @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${hunk.header ? ` ${shownOneLine(hunk.header)}` : ''}`];
  let last = -1;
  for (let i = 0; i < hunk.lines.length; i++) {
    if (!show.has(i)) continue;
    if (i > last + 1) out.push(CUT);
    const l = hunk.lines[i]!;
    out.push(`> ${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}${l.text}`);
    const fs = at.get(i);
    if (fs) out.push(...said.comments(fs));
    last = i;
  }
  return out;
}

function body(t: Target): string[] {
  const who = shownOneLine(t.author.name || t.author.address);
  const when = t.date ? new Date(t.date) : undefined;
  const out = [when && !Number.isNaN(when.getTime()) ? `On ${rfc2822(when)}, ${who} wrote:` : `${who} wrote:`];
  const loose: Finding[] = [];
  // file → hunk → line index → findings, in diff order.
  const placed = new Map<FileDiff, Map<Hunk, Map<number, Finding[]>>>();
  for (const f of sortFindings(t.findings)) {
    const ref = t.patch && findLine(t.patch, f.location);
    if (!ref) {
      loose.push(f);
      continue;
    }
    const hunks = placed.get(ref.file) ?? new Map<Hunk, Map<number, Finding[]>>();
    placed.set(ref.file, hunks);
    const lines = hunks.get(ref.hunk) ?? new Map<number, Finding[]>();
    hunks.set(ref.hunk, lines);
    lines.set(ref.at, [...(lines.get(ref.at) ?? []), f]);
  }
  const said = new Said();
  if (loose.length) out.push(...quoteLead(t.lead), ...said.comments(loose));
  let cutPending = false;
  for (const file of t.patch?.files ?? []) {
    const hunks = placed.get(file);
    if (!hunks) {
      cutPending = true;
      continue;
    }
    if (cutPending && out.at(-1) !== CUT) out.push(CUT);
    out.push(...fileHeader(file));
    for (const h of file.hunks) {
      const at = hunks.get(h);
      if (!at) {
        if (out.at(-1) !== CUT) out.push(CUT);
        continue;
      }
      out.push(...quoteHunk(h, at, said));
      if (Math.max(...at.keys()) < h.lines.length - 1) out.push(CUT);
    }
    cutPending = false;
  }
  if (cutPending && out.at(-1) !== CUT) out.push(CUT);
  if (out.at(-1) !== '') out.push('');
  out.push('-- ', 'pmreview');
  return out;
}

function targets(review: Review): Target[] {
  const byKey = new Map<string, Target>();
  const order: Target[] = [];
  const add = (key: string, make: () => Target | undefined, f: Finding): void => {
    let t = byKey.get(key);
    if (!t) {
      t = make();
      if (!t) return;
      byKey.set(key, t);
      order.push(t);
    }
    t.findings.push(f);
  };
  const forPatch = (series: DiffSeries, patch: DiffPatch): Target => ({
    series, patch, subject: patch.subject, author: patch.author, date: patch.date, messageId: patch.messageId,
    to: patch.to, cc: patch.cc, lead: patch.commitMessage || patch.subject, findings: [],
  });
  for (const f of review.findings) {
    const ref = placedPatch(review, f.location);
    if (ref) {
      add(`p:${review.series.indexOf(ref.series)}:${ref.patch.index}`, () => forPatch(ref.series, ref.patch), f);
      continue;
    }
    const series = placedSeries(review, f.location);
    if (!series) continue;
    const si = review.series.indexOf(series);
    const cover = series.cover;
    if (cover) {
      const first = series.patches[0];
      add(`c:${si}`, () => ({
        series, subject: cover.subject, author: cover.author, date: cover.date, messageId: cover.messageId,
        to: first?.to ?? [], cc: first?.cc ?? [], lead: cover.body, findings: [],
      }), f);
    } else if (series.patches[0]) {
      // No cover letter: series-level points go to the first patch, where the series starts.
      const first = series.patches[0];
      add(`p:${si}:${first.index}`, () => forPatch(series, first), f);
    }
  }
  return order;
}

function messageId(t: Target, domain: string): string {
  const h = createHash('sha256').update(t.messageId ?? t.subject).update('\0');
  for (const f of t.findings) h.update(f.fingerprint).update('\0');
  return `<pmreview-${h.digest('hex').slice(0, 16)}@${domain}>`;
}

const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function reply(t: Target, opts: ReplyOptions, now: Date): string {
  const domain = opts.messageIdDomain ?? (opts.from.address.split('@')[1] || 'pmreview.invalid');
  const cc: Person[] = [];
  for (const p of [...t.to, ...t.cc]) {
    if (sameAddress(p, opts.from) || sameAddress(p, t.author) || cc.some((q) => sameAddress(p, q))) continue;
    cc.push(p);
  }
  const subject = oneLine(t.subject).replace(/^(re:\s*)+/i, '');
  const refs = [t.series.cover?.messageId, t.messageId].filter((x, i, a): x is string => !!x && a.indexOf(x) === i).map(msgId);
  const headers = [
    `From: ${address(opts.from)}`,
    `To: ${address(t.author)}`,
    ...(cc.length ? [`Cc: ${addressList(cc)}`] : []),
    `Subject: ${headerText(`Re: ${subject}`)}`,
    `Date: ${rfc2822(now)}`,
    `Message-ID: ${messageId(t, domain)}`,
    ...(t.messageId ? [`In-Reply-To: <${msgId(t.messageId)}>`, `References: ${refs.map((r) => `<${r}>`).join('\n ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    'User-Agent: pmreview',
  ];
  // mboxrd: every body line that reads as a separator, quoted or not, gets one more '>'.
  const lines = body(t).map((l) => (/^>*From /.test(l) ? `>${l}` : l));
  // quoted lines and comments are input too: controls shown by their codes, no line a CI runner takes for a command
  return noCommands(visible([`From pmreview ${asctime(now)}`, ...headers, '', ...lines, ''].join('\n') + '\n'));
}

/** A Message-ID as a header quotes it: one line, no angle brackets or blanks of its own. */
function msgId(id: string): string {
  return shownOneLine(id).replace(/[<>\s]/g, '');
}

/** One kernel-style reply per patch (or cover letter) with findings, as an mboxrd file. */
export function formatReplies(review: Review, opts: ReplyOptions): string {
  const now = opts.now ?? new Date();
  return targets(review).map((t) => reply(t, opts, now)).join('');
}
