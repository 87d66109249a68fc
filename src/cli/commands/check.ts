import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyBaseline, makeBaseline, meetsThreshold, parseBaseline, type Review } from '../../rules/index.js';
import { FORMATS } from '../../report/index.js';
import { oneOf, parse, positiveInt } from '../args.js';
import { resolveConfig } from '../config-file.js';
import { LORE_HELP, LORE_OPTIONS, loreOptions } from '../lore-option.js';
import { parseLoreInput } from '../../source/index.js';
import { emit, printDiagnostics, render } from '../output.js';
import { defaultJobs, review as runReview, type ReviewOptions } from '../../review/index.js';
import { Progress } from '../progress.js';
import { ruleLinks } from '../rule-links.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';
import type { ScratchShare } from '../../tree/index.js';

export const CHECK_HELP = `Usage: pmreview check <input…> [options]

Review a patch series: read the mail, rebuild the series, map every hunk onto the
protected-memory model and run the rules.

Inputs: an mbox (b4/lore download, also .gz), a directory of git format-patch
files, a single .patch/.eml, - for stdin, --git A..B [--repo DIR], or a
Message-ID (<id>, id:<id>) or lore URL, whose thread is fetched as b4 am does.

Options:
  -f, --format FMT        ${FORMATS.map((f) => (f === 'text' ? 'text (default)' : f)).join(', ')}
  -o, --output FILE       write the report to FILE instead of stdout
      --fail-on LEVEL     exit 1 when a finding is at or above LEVEL:
                          error (default), warning, info, never
      --all-versions      report every version in the input, not only the newest
      --compare           two inputs: OLD NEW; mark findings new/present and list fixed ones
      --config FILE       configuration (default: .pmreview.json upward from here)
      --rule ID=LEVEL     override a rule: off, info, warning, error (repeatable)
      --kernel VER        base kernel version for the model (default 6.12 or config)
      --baseline FILE     suppress findings whose fingerprints FILE lists
      --write-baseline FILE  write the fingerprints of all findings to FILE
      --git A..B          read the range from git (repository --repo, default .)
      --repo DIR          repository for --git
      --tree DIR          kernel git tree: apply the series and analyse whole functions
      --base REV          base revision in --tree when the series has no base-commit
      --checkpatch        also run the tree's scripts/checkpatch.pl (needs --tree)
      --max-input-bytes N bound on decompressed input (default 4 GiB)
      --docs-url URL      where reports link rule pages (an organisation's mirror;
                          {id} is the rule id, else <id>.md is appended); default:
                          the home package.json names, else the pages shipped
                          with pmreview (pmreview explain <id>)
      --max-message-bytes N  a larger message is reported, not read (default 64 MiB)
${LORE_HELP}
  -j, --jobs N            worker threads (default: CPUs available; 1 = none)
  -h, --help              this text

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage error or unreadable input.
`;

export const CHECK_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'all-versions': { type: 'boolean' },
  compare: { type: 'boolean' },
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
  kernel: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  git: { type: 'string' },
  repo: { type: 'string' },
  tree: { type: 'string' },
  base: { type: 'string' },
  checkpatch: { type: 'boolean' },
  'max-input-bytes': { type: 'string' },
  'max-message-bytes': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  ...LORE_OPTIONS,
} as const;

type Values = ReturnType<typeof parse<typeof CHECK_OPTIONS>>['values'];

/** The options shared by check, map and reply: config, inputs, review. */
export function pipelineOptions(values: Values, io: CliIO, progress?: Progress, scratch?: ScratchShare) {
  const config = resolveConfig({ cwd: io.cwd, config: values.config, rule: values.rule, failOn: values['fail-on'], kernel: values.kernel });
  if (values.checkpatch && !values.tree) throw new UsageError('--checkpatch needs --tree DIR (it runs the tree\'s scripts/checkpatch.pl)');
  const opts: ReviewOptions = {
    input: {
      maxInputBytes: positiveInt(values['max-input-bytes'], '--max-input-bytes'),
      maxMessageBytes: positiveInt(values['max-message-bytes'], '--max-message-bytes'),
      gitRange: values.git,
      repo: values.repo ? path.resolve(io.cwd, values.repo) : values.git ? io.cwd : undefined,
      stdin: io.stdin,
      lore: loreOptions(values, io, config),
      newer: values.newer,
    },
    policy: {
      config,
      allVersions: values['all-versions'],
      tree: values.tree ? { dir: path.resolve(io.cwd, values.tree), base: values.base, checkpatch: values.checkpatch, scratch } : undefined,
    },
    on: {
      notify: (line) => void io.stderr.write(`pmreview: ${line}\n`),
      onMessage: progress ? (n) => progress.message(n) : undefined,
      onSeries: progress ? () => progress.seriesDone() : undefined,
    },
  };
  return { config, opts };
}

/** Paths made absolute; `-`, and a Message-ID or lore URL that names no file, kept as they are. */
export function inputArguments(positionals: string[], io: CliIO): string[] {
  return positionals.map((p) => {
    if (p === '-') return p;
    const file = path.resolve(io.cwd, p);
    return !existsSync(file) && parseLoreInput(p) ? p.trim() : file;
  });
}

export function resolveInputs(positionals: string[], values: Values, io: CliIO, command = 'check'): string[] {
  const inputs = inputArguments(positionals, io);
  if (inputs.length === 0 && !values.git) throw new UsageError(`pmreview ${command}: no input given (an mbox, a directory of .patch files, -, --git A..B or a Message-ID)`);
  if (values.newer && !inputs.some((i) => i !== '-' && !path.isAbsolute(i))) throw new UsageError('--newer needs a Message-ID or lore URL input');
  return inputs;
}

export async function check(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { ...CHECK_OPTIONS, 'docs-url': { type: 'string' } }, 'check');
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const progress = new Progress(io);
  const treeDir = values.tree ? path.resolve(io.cwd, values.tree) : undefined;
  // Made here, before any worker starts: this thread owns every temporary path of the run (tree/cleanup.ts).
  const scratch = treeDir ? (await import('../../tree/index.js')).ownScratch(treeDir) : undefined;
  const { config, opts } = pipelineOptions(values, io, progress, scratch);
  const inputs = resolveInputs(positionals, values, io);
  const docs = values['docs-url'] !== undefined ? { value: values['docs-url'], from: '--docs-url' } : config.docsUrl !== undefined ? { value: config.docsUrl, from: `${config.file}: "docsUrl"` } : undefined;
  const links = await ruleLinks(docs);
  if (values.compare && (inputs.length !== 2 || values.git)) throw new UsageError('--compare needs exactly two inputs: OLD NEW');
  // `--format rdjsonl` streams: findings are written as each series is reviewed; nothing is kept.
  const streaming = format === 'rdjsonl' && !values.compare && !values.baseline && !values['write-baseline'];
  const file = streaming && values.output && values.output !== '-' ? path.resolve(io.cwd, values.output) : undefined;
  if (file) writeFileSync(file, '');
  let failed = false;
  let inputErrors = false;
  const review = await runReview(inputs, {
    ...opts,
    policy: { ...opts.policy, compare: values.compare, jobs: streaming || values.compare ? 1 : (positiveInt(values.jobs, '--jobs') ?? defaultJobs()) },
    on: !streaming ? opts.on : {
      ...opts.on,
      onPart: (part) => {
        if (part.findings.some((f) => meetsThreshold(f.severity, config.failOn))) failed = true;
        const text = render(part, 'rdjsonl', io, links);
        if (!text) return;
        if (file) appendFileSync(file, text);
        else io.stdout.write(text);
      },
      onDiagnostic: (d) => {
        if (d.severity === 'error') inputErrors = true;
        printDiagnostics([d], io);
      },
    },
  });
  progress.done();
  if (streaming) return review.messages === 0 && inputErrors ? 2 : failed ? 1 : 0;
  if (values['write-baseline']) {
    writeFileSync(path.resolve(io.cwd, values['write-baseline']), JSON.stringify(makeBaseline(review.findings), null, 2) + '\n');
  }
  if (values.baseline) {
    const file = path.resolve(io.cwd, values.baseline);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`${values.baseline}: cannot read baseline: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let known: Set<string>;
    try {
      known = parseBaseline(text, values.baseline);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { kept, suppressed } = applyBaseline(review.findings, known);
    review.findings = kept;
    if (suppressed) review.diagnostics.push({ severity: 'info', message: `${suppressed} finding(s) suppressed by baseline ${values.baseline}`, input: values.baseline });
  }
  // A terminal report keeps warnings about the input; errors go to stderr, where a script looks.
  const onTerminal = format === 'text' && (!values.output || values.output === '-');
  emit(render(onTerminal ? { ...review, diagnostics: review.diagnostics.filter((d) => d.severity !== 'error') } : review, format, io, links), io, values.output);
  printDiagnostics(onTerminal ? review.diagnostics.filter((d) => d.severity === 'error') : review.diagnostics, io);
  if (review.messages === 0 && review.diagnostics.some((d) => d.severity === 'error')) return 2;
  return exitStatus(review, config.failOn);
}

export function exitStatus(review: Review, failOn: Parameters<typeof meetsThreshold>[1]): number {
  return review.findings.some((f) => f.status !== 'fixed' && meetsThreshold(f.severity, failOn)) ? 1 : 0;
}
