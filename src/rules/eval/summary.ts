import { CATEGORIES, type Category } from '../../model/index.js';
import type { ThreadResult } from './match.js';

export interface CategoryRecall {
  category: Category;
  truths: number;
  matched: number;
  extra: number;
}

export interface EvalSummary {
  threads: ThreadResult[];
  categories: CategoryRecall[];
  truths: number;
  matched: number;
  extra: number;
  recall: number;
  /** Error and warning findings over all threads, matched or not. */
  reported: number;
  /** Extra error/warning findings by verdict, and those nobody judged yet. */
  verdicts: { correct: number; defensible: number; wrong: number; unjudged: number };
  /** Extra errors judged wrong: the target is none. */
  wrongErrors: number;
  /** Share of error/warning findings judged wrong. */
  wrongShare: number;
}

export function summarise(threads: ThreadResult[]): EvalSummary {
  const categories = CATEGORIES.map((category) => ({
    category,
    truths: sum(threads, (t) => t.truths.filter((x) => x.category === category).length),
    matched: sum(threads, (t) => t.matched.filter((x) => x.truth.category === category).length),
    extra: sum(threads, (t) => t.extra.filter((x) => x.category === category).length),
  })).filter((c) => c.truths > 0 || c.extra > 0);
  const truths = sum(threads, (t) => t.truths.length);
  const matched = sum(threads, (t) => t.matched.length);
  const verdicts = { correct: 0, defensible: 0, wrong: 0, unjudged: 0 };
  let wrongErrors = 0;
  for (const t of threads) {
    for (const f of t.extra) {
      if (f.severity === 'info') continue;
      const j = t.judged.get(f);
      verdicts[j ? j.verdict : 'unjudged']++;
      if (j?.verdict === 'wrong' && f.severity === 'error') wrongErrors++;
    }
  }
  const reported = sum(threads, (t) => t.reported);
  return {
    threads,
    categories,
    truths,
    matched,
    extra: sum(threads, (t) => t.extra.length),
    recall: truths ? matched / truths : 1,
    reported,
    verdicts,
    wrongErrors,
    wrongShare: reported ? verdicts.wrong / reported : 0,
  };
}

function sum<T>(xs: T[], f: (x: T) => number): number {
  return xs.reduce((n, x) => n + f(x), 0);
}

const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(0)}%` : '-');

export function formatEval(s: EvalSummary, verbose = false): string {
  const out: string[] = [];
  out.push('category                 truths  matched  recall  extra');
  for (const c of s.categories) {
    out.push(`${c.category.padEnd(24)} ${String(c.truths).padStart(6)}  ${String(c.matched).padStart(7)}  ${pct(c.matched, c.truths).padStart(6)}  ${String(c.extra).padStart(5)}`);
  }
  out.push(`${'total'.padEnd(24)} ${String(s.truths).padStart(6)}  ${String(s.matched).padStart(7)}  ${pct(s.matched, s.truths).padStart(6)}  ${String(s.extra).padStart(5)}`);
  const v = s.verdicts;
  out.push(
    '',
    `error/warning findings: ${s.reported}; extra ones judged: ${v.correct} correct, ${v.defensible} defensible, ${v.wrong} wrong, ${v.unjudged} not judged`,
    `judged wrong: ${pct(v.wrong, s.reported)} of error/warning findings; wrong errors: ${s.wrongErrors}`,
  );
  for (const t of s.threads) {
    out.push('', `${t.name}: ${t.matched.length}/${t.truths.length} matched, ${t.extra.length} extra`);
    for (const m of t.missed) out.push(`  missed ${m.id} [${m.category}] ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.text ?? m.says ?? ''}`.trimEnd());
    if (verbose) for (const m of t.matched) out.push(`  matched ${m.truth.id} [${m.truth.category}] by ${m.finding.ruleId} at ${m.finding.location.file}:${m.finding.location.line}`);
    for (const f of t.extra) {
      const j = t.judged.get(f);
      const verdict = f.severity === 'info' ? '' : j ? ` [${j.verdict}: ${j.why}]` : ' [NOT JUDGED]';
      out.push(`  extra ${f.ruleId} [${f.category}] ${f.severity} ${f.location.file}:${f.location.line} ${f.message}${verbose || !j ? verdict : ` [${j.verdict}]`}`);
    }
  }
  return out.join('\n') + '\n';
}
