import { formatPerson } from '../../common/index.js';
import type { DiffSeries } from '../../diff/index.js';
import type { Review } from '../../rules/index.js';
import { oneOf, parse, positiveInt } from '../args.js';
import { emit, printDiagnostics, render } from '../output.js';
import { review as runReview } from '../../review/index.js';
import { resolveConfig } from '../config-file.js';
import { LORE_HELP, LORE_OPTIONS, loreOptions } from '../lore-option.js';
import type { CliIO } from '../types.js';
import { resolveInputs } from './check.js';
import path from 'node:path';
import { formatDiagnostic, noCommands, oneLine } from '../../common/index.js';

const HELP = `Usage: pmreview series <input…> [--format text|json] [--all-versions]

Show the reconstructed series: title, version, RFC or not, the patches N/M with
subject, author and files changed, cover letter, missing patches, replies per
patch, trailers and base commit. Inputs as for pmreview check.

Options:
  -f, --format FMT     text (default) or json
      --all-versions   every version in the input, not only the newest
      --git A..B       read a git range (repository --repo DIR, default .)
      --max-input-bytes N
      --max-message-bytes N
      --config FILE    configuration (for its "lore" server)
${LORE_HELP}
  -h, --help
`;

export async function series(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'all-versions': { type: 'boolean' },
      git: { type: 'string' },
      repo: { type: 'string' },
      'max-input-bytes': { type: 'string' },
      'max-message-bytes': { type: 'string' },
      config: { type: 'string' },
      ...LORE_OPTIONS,
    },
    'series',
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  const inputs = resolveInputs(positionals, values, io, 'series');
  // the configuration file is read for its "lore" server only: series runs no rules
  const config = resolveConfig({ cwd: io.cwd, config: values.config });
  // No rules: `series` shows what was read, not what is wrong with it.
  const review = await runReview(inputs, {
    input: {
      gitRange: values.git,
      repo: values.repo ? path.resolve(io.cwd, values.repo) : values.git ? io.cwd : undefined,
      stdin: io.stdin,
      maxInputBytes: positiveInt(values['max-input-bytes'], '--max-input-bytes'),
      maxMessageBytes: positiveInt(values['max-message-bytes'], '--max-message-bytes'),
      lore: loreOptions(values, io, config),
      newer: values.newer,
    },
    policy: { rules: [], allVersions: values['all-versions'] },
    on: { notify: (line) => void io.stderr.write(`pmreview: ${line}\n`) },
  });
  if (format === 'json') {
    emit(seriesJson(review, io), io, values.output);
    printDiagnostics(review.diagnostics, io);
  } else {
    // errors go to stderr, as for check
    emit(formatSeriesText({ ...review, diagnostics: review.diagnostics.filter((d) => d.severity !== 'error') }), io, values.output);
    printDiagnostics(review.diagnostics.filter((d) => d.severity === 'error'), io);
  }
  return review.messages === 0 && review.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

/** The check JSON schema, with replies and trailers per patch added. */
function seriesJson(review: Review, io: CliIO): string {
  // JSON names no links: the shipped rule pages are as good as any here
  const doc = JSON.parse(render(review, 'json', io, { docsUrl: () => undefined, docsFile: () => undefined })) as { series: { patches: Record<string, unknown>[] }[] };
  doc.series.forEach((s, i) => {
    const src = review.series[i];
    s.patches.forEach((p, j) => {
      const patch = src?.patches[j];
      if (!patch) return;
      p.replies = patch.replies.length;
      p.trailers = patch.trailers.map((t) => ({ name: t.name, value: t.value }));
    });
  });
  return JSON.stringify(doc, null, 2) + '\n';
}

export function formatSeriesText(review: Review): string {
  // every value is the input's: one line each, controls by their codes, no line a CI command
  return noCommands(seriesText(safeStrings(review)));
}

/** A copy of `v` with every string shown as one line (oneLine). */
function safeStrings<T>(v: T): T {
  if (typeof v === 'string') return oneLine(v) as T;
  if (Array.isArray(v)) return v.map(safeStrings) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, safeStrings(x)])) as T;
  return v;
}

function seriesText(review: Review): string {
  const out: string[] = [];
  for (const s of review.series) out.push(...seriesBlock(s), '');
  for (const d of review.diagnostics) out.push(formatDiagnostic(d));
  const patches = review.series.reduce((n, s) => n + s.patches.length, 0);
  out.push(`${review.series.length} series, ${patches} patches, ${review.messages} messages read, ${review.diagnostics.length} diagnostics`);
  return out.join('\n') + '\n';
}

function seriesBlock(s: DiffSeries): string[] {
  const kind = [s.rfc ? 'RFC' : 'PATCH', `v${s.version}`].join(' ');
  const lines = [`${s.title}  [${kind}, ${s.patches.length}/${s.total} patches]`];
  lines.push(`  author: ${formatPerson(s.author)}`);
  if (s.baseCommit) lines.push(`  base-commit: ${s.baseCommit}`);
  if (s.changeId) lines.push(`  change-id: ${s.changeId}`);
  for (const id of s.prerequisitePatchIds) lines.push(`  prerequisite-patch-id: ${id}`);
  if (s.cover) lines.push(`  0/${s.total} ${s.cover.subject}  (cover letter, ${s.cover.replies.length} replies)`);
  else if (s.total > 1) lines.push('  (no cover letter)');
  const width = String(s.total).length;
  for (const p of s.patches) {
    lines.push(`  ${String(p.index).padStart(width)}/${s.total} ${p.subjectInfo.title}`);
    lines.push(`        ${formatPerson(p.author)}${p.date ? `, ${p.date}` : ''}; ${p.replies.length} ${p.replies.length === 1 ? 'reply' : 'replies'}`);
    for (const f of p.files) {
      const what = f.binary ? 'binary' : `+${f.added} -${f.removed}`;
      const rename = f.status === 'renamed' || f.status === 'copied' ? ` (${f.status} from ${f.oldPath})` : f.status === 'added' || f.status === 'deleted' ? ` (${f.status})` : '';
      lines.push(`        ${f.path} ${what}${rename}`);
    }
    const trailers = [...p.trailers, ...p.replies.flatMap((r) => r.trailers)];
    for (const t of trailers) lines.push(`        ${t.name}: ${t.value}`);
  }
  if (s.missing.length) lines.push(`  missing: ${s.missing.map((n) => `${n}/${s.total}`).join(', ')}`);
  return lines;
}
