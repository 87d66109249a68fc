import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic } from '../../common/index.js';
import { matchThread, parseTruth, summarise, formatEval } from '../../rules/index.js';
import { parse } from '../args.js';
import { resolveConfig } from '../config-file.js';
import { reviewInputs } from '../pipeline.js';
import { UsageError, type CliIO } from '../types.js';

const HELP = `Usage: pmreview eval <dir> [--json] [--verbose] [--min-recall PCT]

For every <name>.mbox with a <name>.truth.json in <dir>, run the check and match
its findings against what the human reviewers flagged (fixtures/corpus/README.md
defines the matching). Prints recall per category, every missed truth, every
extra finding and the totals. With --min-recall, exits 1 below that recall.
`;

export async function evalCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, config: { type: 'string' }, rule: { type: 'string', multiple: true }, 'min-recall': { type: 'string' } },
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
    // A thread may hold several versions of one patch, each with its own reviewers' points: review them all.
    const review = await reviewInputs([path.join(dir, name)], { config, allVersions: true });
    for (const d of review.diagnostics) if (d.severity === 'error') io.stderr.write(`pmreview: ${formatDiagnostic(d)}\n`);
    threads.push(matchThread(name.replace(/\.mbox$/, ''), truth.findings, review.findings));
  }
  const summary = summarise(threads);
  if (values.json) io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else io.stdout.write(formatEval(summary, values.verbose));
  if (values['min-recall'] !== undefined) {
    const min = Number(values['min-recall']);
    if (!Number.isFinite(min)) throw new UsageError('--min-recall must be a percentage');
    return summary.recall * 100 + 1e-9 >= min ? 0 : 1;
  }
  return 0;
}
