import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic } from '../../common/index.js';
import { matchThread, parseJudged, parseTruth, summarise, formatEval, judgementStub, type Judgement } from '../../rules/index.js';
import { parse } from '../args.js';
import { resolveConfig } from '../config-file.js';
import { review as runReview, unplaced } from '../../review/index.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';

const HELP = `Usage: pmreview eval <dir> [--json] [--verbose] [--min-recall PCT] [--max-wrong PCT] [--stubs]

For every <name>.mbox with a <name>.truth.json in <dir>, run the check and match
its findings against what the human reviewers flagged (fixtures/corpus/README.md
defines the matching). Prints recall per category, every missed truth, every
extra finding with the verdict a person gave it in <name>.judged.json
(correct, defensible or wrong), the share of error/warning findings judged
wrong, and the wrong errors. Extra findings nobody judged are marked
NOT JUDGED; --stubs prints judged-file entries for them.
With --min-recall, exits 1 when the recall overall or in any category that
has truths is below it; with --max-wrong, exits 1 when
more error/warning findings than that share are judged wrong, when any error
is judged wrong, or when an error/warning extra is not judged.
`;

export async function evalCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, config: { type: 'string' }, rule: { type: 'string', multiple: true }, 'min-recall': { type: 'string' }, 'max-wrong': { type: 'string' }, stubs: { type: 'boolean' } },
    'eval',
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('pmreview eval: give one directory holding <name>.mbox and <name>.truth.json');
  const dir = path.resolve(io.cwd, positionals[0]!);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${positionals[0]}: not a directory`);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.mbox') && existsSync(path.join(dir, f.replace(/\.mbox$/, '.truth.json'))))
    .sort();
  if (names.length === 0) throw new UsageError(`${positionals[0]}: no <name>.mbox with a <name>.truth.json`);
  const config = resolveConfig({ cwd: io.cwd, config: values.config, rule: values.rule });
  const threads = [];
  for (const name of names) {
    const truthFile = path.join(dir, name.replace(/\.mbox$/, '.truth.json'));
    let truth;
    try {
      truth = parseTruth(readFileSync(truthFile, 'utf8'), truthFile);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const judgedFile = path.join(dir, name.replace(/\.mbox$/, '.judged.json'));
    let judged: Judgement[] = [];
    if (existsSync(judgedFile)) {
      try {
        judged = parseJudged(readFileSync(judgedFile, 'utf8'), judgedFile);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    // A thread may hold several versions of one patch, each with its own reviewers' points: review them all.
    const review = await runReview([path.join(dir, name)], { policy: { config, allVersions: true } });
    for (const d of review.diagnostics) if (d.severity === 'error') io.stderr.write(`pmreview: ${formatDiagnostic(d)}\n`);
    // Matching needs the findings as rules made them; --json writes them whole, so without the review's placement.
    threads.push(matchThread(name.replace(/\.mbox$/, ''), truth.findings, unplaced(review.findings), judged));
  }
  const summary = summarise(threads);
  if (values.json) io.stdout.write(JSON.stringify({ ...summary, threads: summary.threads.map((t) => ({ ...t, judged: t.extra.map((f) => t.judged.get(f) ?? null) })) }, null, 2) + '\n');
  else io.stdout.write(formatEval(summary, values.verbose));
  if (values.stubs) {
    for (const t of summary.threads) {
      const open = t.extra.filter((f) => f.severity !== 'info' && !t.judged.has(f));
      if (open.length) io.stdout.write(`\n${t.name}.judged.json:\n${JSON.stringify({ judged: open.map(judgementStub) }, null, 2)}\n`);
    }
  }
  let status = 0;
  if (values['min-recall'] !== undefined) {
    const min = Number(values['min-recall']);
    if (!Number.isFinite(min)) throw new UsageError('--min-recall must be a percentage');
    // The target holds overall and in every category that has truths: a strong category must not hide a weak one.
    const below = [{ category: 'total', recall: summary.recall }, ...summary.categories.filter((c) => c.truths > 0).map((c) => ({ category: c.category, recall: c.matched / c.truths }))].filter((c) => c.recall * 100 + 1e-9 < min);
    for (const c of below) io.stderr.write(`pmreview eval: ${c.category} recall ${(c.recall * 100).toFixed(0)}% is below --min-recall ${min}%\n`);
    if (below.length) status = 1;
  }
  if (values['max-wrong'] !== undefined) {
    const max = Number(values['max-wrong']);
    if (!Number.isFinite(max)) throw new UsageError('--max-wrong must be a percentage');
    if (summary.wrongShare * 100 > max + 1e-9 || summary.wrongErrors > 0 || summary.verdicts.unjudged > 0) status = 1;
  }
  return status;
}
