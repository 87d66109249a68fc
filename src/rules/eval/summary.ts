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
  return { threads, categories, truths, matched, extra: sum(threads, (t) => t.extra.length), recall: truths ? matched / truths : 1 };
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
  for (const t of s.threads) {
    out.push('', `${t.name}: ${t.matched.length}/${t.truths.length} matched, ${t.extra.length} extra`);
    for (const m of t.missed) out.push(`  missed ${m.id} [${m.category}] ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.text ?? m.says ?? ''}`.trimEnd());
    if (verbose) for (const m of t.matched) out.push(`  matched ${m.truth.id} [${m.truth.category}] by ${m.finding.ruleId} at ${m.finding.location.file}:${m.finding.location.line}`);
    for (const f of t.extra) out.push(`  extra ${f.ruleId} [${f.category}] ${f.severity} ${f.location.file}:${f.location.line} ${f.message}`);
  }
  return out.join('\n') + '\n';
}
