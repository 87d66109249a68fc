import type { Finding } from '../types.js';
import type { TruthEntry } from './truth.js';
import { judgementOf, type Judgement } from './judged.js';

export interface ThreadResult {
  name: string;
  truths: TruthEntry[];
  matched: { truth: TruthEntry; finding: Finding }[];
  missed: TruthEntry[];
  extra: Finding[];
  /** Every finding at error or warning severity (matched or extra): the denominator of the share judged wrong. */
  reported: number;
  /** The judgement of each extra finding, where the thread's judged file has one. */
  judged: Map<Finding, Judgement>;
}

function normMessageId(id: string | undefined): string | undefined {
  return id?.replace(/[<>]/g, '').trim().toLowerCase() || undefined;
}

/** Subject without `Re:` prefixes and without the bracketed `[PATCH …]` prefix. */
export function normaliseSubject(subject: string | undefined): string {
  let s = (subject ?? '').trim();
  for (;;) {
    const next = s.replace(/^(?:(?:re|aw|fwd?)\s*:\s*)+/i, '').replace(/^\[[^\]]*\]\s*/, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').toLowerCase();
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function samePatch(t: TruthEntry, f: Finding): boolean {
  const tid = normMessageId(t.messageId);
  const fid = normMessageId(f.location.messageId);
  if (tid && fid && tid === fid) return true;
  if (t.subject && normaliseSubject(t.subject) === normaliseSubject(f.location.subject)) return true;
  return false;
}

/** The matching rule of fixtures/corpus/README.md, point by point. */
export function matches(t: TruthEntry, f: Finding): boolean {
  if (t.category !== f.category) return false;
  if (!samePatch(t, f)) return false;
  if (t.file && t.file !== f.location.file) return false;
  if (t.line === undefined && !t.text) return true;
  if (t.line !== undefined && f.location.side === 'new' && Math.abs(f.location.line - t.line) <= 3) return true;
  if (t.text && fold(f.location.text).includes(fold(t.text))) return true;
  return false;
}

/** Each finding matches at most one truth; truths are taken in order, exact-line findings first. */
export function matchThread(name: string, truths: TruthEntry[], findings: Finding[], judgements: readonly Judgement[] = []): ThreadResult {
  const used = new Set<Finding>();
  const matched: ThreadResult['matched'] = [];
  const missed: TruthEntry[] = [];
  for (const truth of truths) {
    const candidates = findings.filter((f) => !used.has(f) && matches(truth, f));
    candidates.sort((a, b) => Math.abs(a.location.line - (truth.line ?? 0)) - Math.abs(b.location.line - (truth.line ?? 0)));
    const finding = candidates[0];
    if (finding) {
      used.add(finding);
      matched.push({ truth, finding });
    } else missed.push(truth);
  }
  const extra = findings.filter((f) => !used.has(f));
  const judged = new Map<Finding, Judgement>();
  for (const f of extra) {
    const j = judgementOf(f, judgements);
    if (j) judged.set(f, j);
  }
  return { name, truths, matched, missed, extra, reported: findings.filter((f) => f.severity !== 'info').length, judged };
}
