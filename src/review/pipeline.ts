import type { Readable } from 'node:stream';
import { bounded, RecentMap, RECENT_SERIES, type Diagnostic } from '../common/index.js';
import { openSources, DEFAULT_MAX_INPUT_BYTES, type OpenOptions, type Source } from '../source/index.js';
import { readMessages, type Message } from '../mail/index.js';
import { SeriesAssembler, type Patch, type PreparedMessage, type Reply, type Series } from '../series/index.js';
import { withNewerVersions } from './newer.js';
import { attachDiffs, type DiffPatch, type DiffSeries, type ParsedDiff } from '../diff/index.js';
import { buildCodeView, ensureParser, type FileView, type TreeSource } from '../code/index.js';
import { deriveEntries, loadModel, matchTouches, type Model, type Touch } from '../model/index.js';
import {
  RULES,
  DEFAULT_CONFIG,
  byLocation,
  compareFindings,
  runRules,
  type Config,
  type Finding,
  type Review,
  type Rule,
  type TreeFacts,
} from '../rules/index.js';

export interface ReviewOptions {
  config?: Config;
  /** Report every version in the input, not only the newest of each series. */
  allVersions?: boolean;
  maxInputBytes?: number;
  /** Messages larger than this are not read, only reported (default DEFAULT_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
  gitRange?: string;
  repo?: string;
  stdin?: Readable;
  /** Message-ID and lore URL inputs: server, cache, timeout, progress. */
  lore?: OpenOptions['lore'];
  /** `--newer`: also fetch the later revisions the server's search knows of. */
  newer?: boolean;
  /** One-line notes for the user (what `--newer` found). */
  notify?: (line: string) => void;
  rules?: readonly Rule[];
  /** Kernel-tree context (issue 6): per series, whole-function sources and facts. */
  tree?: (series: DiffSeries) => Promise<TreeContext | undefined>;
  /** Called as each series is reviewed; with `keepSeries: false` the review holds no series. */
  onSeries?: (series: DiffSeries, findings: Finding[], touches: Touch[]) => void;
  keepSeries?: boolean;
  onMessage?: (bytes: number) => void;
}

export interface TreeContext {
  facts?: TreeFacts;
  source?: (patch: DiffPatch) => TreeSource | undefined;
  diagnostics?: Diagnostic[];
  /** Findings of tools run on the tree (checkpatch), merged into the review. */
  findings?: Finding[];
  dispose?: () => Promise<void>;
}

export interface SeriesReview {
  findings: Finding[];
  touches: Touch[];
  diagnostics: Diagnostic[];
}

/** Reviews one series: C views of the hunks that name model symbols, touches, then rules. */
export async function reviewSeries(series: DiffSeries, model: Model, opts: ReviewOptions = {}): Promise<SeriesReview> {
  const tree = opts.tree ? await opts.tree(series) : undefined;
  try {
    const views = new Map<DiffPatch, FileView[]>();
    const touches: Touch[] = [];
    const viewDiagnostics: Diagnostic[] = [];
    // pmreview reviews protected-memory series and the mm/KVM code they live
    // in: one that names no design symbol and touches none of those paths
    // (most of a mailing list) gets no rules at all, and costs no parse.
    const relevant = series.patches.some((p) => model.inScope(p.diffText ?? ''));
    if (!relevant && !tree?.findings?.length) return { findings: [], touches, diagnostics: [...(tree?.diagnostics ?? [])] };
    if (relevant) {
      await ensureParser();
      for (const patch of series.patches) {
        const fileViews = await buildCodeView(patch, { tree: tree?.source?.(patch) });
        for (const v of fileViews) for (const d of v.diagnostics ?? []) viewDiagnostics.push(inPatch(patch, d));
        views.set(patch, fileViews);
      }
    }
    // Helpers the series defines around model primitives take their role (derive.ts).
    const defined = [...views].flatMap(([patch, fvs]) => fvs.flatMap((v) => v.post.map((fn) => ({ fn, file: v.file, patchIndex: patch.index }))));
    // With --tree, the tree's own facts are the base the rules judge against.
    const based = tree?.facts?.base ? model.withBase(tree.facts.base) : model;
    const seriesModel = based.extend(deriveEntries(based, defined));
    for (const patch of series.patches) for (const t of matchTouches(patch, views.get(patch) ?? [], seriesModel)) touches.push(t);
    const config = opts.config ?? DEFAULT_CONFIG;
    const run = runRules(opts.rules ?? RULES, { series, model: seriesModel, views: (p) => views.get(p) ?? [], touches, tree: tree?.facts }, config);
    const external = (tree?.findings ?? []).flatMap((f) => {
      const setting = config.rules[f.ruleId];
      return setting === 'off' ? [] : [setting ? { ...f, severity: setting } : f];
    });
    const findings = external.length ? [...run.findings, ...external].sort(byLocation) : run.findings;
    return { findings, touches, diagnostics: [...(tree?.diagnostics ?? []), ...viewDiagnostics, ...run.diagnostics] };
  } finally {
    await tree?.dispose?.();
  }
}

/** A C view's diagnostic (about a file of the patch and its line) as one about the mail. */
function inPatch(patch: DiffPatch, d: Diagnostic): Diagnostic {
  const where = d.input ? `${d.input}${d.line !== undefined ? `:${d.line}` : ''}: ` : '';
  return { severity: d.severity, message: `${where}${d.message}`, input: patch.input, line: patch.line, messageId: patch.messageId ?? `#${patch.ordinal}` };
}

/** What is known of a patch mail before its series is complete (from a `--jobs` parse worker). */
export interface KnownPatch {
  mentions?: boolean;
  light?: ParsedDiff;
}

/**
 * Whether a series is in the review's scope (model.inScope: it names a
 * design symbol or touches mm/KVM paths), from the whole diff texts: the same
 * test reviewSeries makes.
 */
export function namesModel(series: Series, model: Model, known?: (p: Patch) => KnownPatch | undefined): boolean {
  return series.patches.some((p) => known?.(p)?.mentions ?? model.inScope(p.diffText ?? ''));
}

/**
 * attachDiffs for review: a series that names no model symbol gets no rules
 * (reviewSeries), so its hunk lines are not built at all; a diff parsed
 * elsewhere without them is taken as it is.
 */
export function attachForReview(series: Series, relevant: boolean, known?: (p: Patch) => KnownPatch | undefined): DiffSeries {
  return relevant ? attachDiffs(series) : attachDiffs(series, { hunks: false, parsed: (p) => known?.(p)?.light });
}

/** Versions of one series share title and author. */
export function versionKey(s: Series): string {
  return `${s.title.trim().toLowerCase()}\u0000${s.author.address.toLowerCase()}`;
}

/**
 * versionKey for one run, where a series with the change-id of one seen
 * before is a version of it even when its title changed (b4 keeps the
 * change-id across revisions; `--newer` finds revisions by it).
 */
export function versionKeys(): (s: Series) => string {
  const byChangeId = new Map<string, string>();
  return (s) => {
    const own = versionKey(s);
    if (!s.changeId) return own;
    const first = byChangeId.get(s.changeId);
    if (first) return first;
    byChangeId.set(s.changeId, own);
    return own;
  };
}

export type Reviewed = SeriesReview & { series: DiffSeries };

/**
 * A series that touches no part of the model and drew no finding keeps only
 * what reports list (patches, files, +/- counts): its hunks and diff text go,
 * so reviewing a mailing-list archive does not hold the archive in memory.
 */
export function lighten(r: Reviewed): Reviewed {
  if (r.findings.length || r.touches.length) return r;
  const light = <T extends { replies: Reply[] }>(m: T): T => ({ ...m, replies: m.replies.map((x) => ({ ...x, body: '', comments: [] })) });
  const patches = r.series.patches.map((p) => light({ ...p, diffText: '', commitMessage: '', files: p.files.map((f) => ({ ...f, hunks: [] })) }));
  const cover = r.series.cover && light({ ...r.series.cover, body: '' });
  return { ...r, series: { ...r.series, cover, patches } };
}

/** One message as a source reader hands it to the assembler. */
export interface ReadMessage {
  message: Message;
  /** Mail bytes, for progress. */
  bytes: number;
  /** prepareMessage(message), when it was computed elsewhere. */
  prepared?: PreparedMessage;
}

function readHere(opts: ReviewOptions): (source: Source) => AsyncIterable<ReadMessage> {
  return async function* (source) {
    for await (const message of readMessages(source, { maxMessageBytes: opts.maxMessageBytes })) yield { message, bytes: message.body.length };
  };
}

/**
 * Reads every source message by message and hands each series to `take` as
 * soon as the assembler completes it (all versions). An unreadable source is
 * one error diagnostic; the other sources are still read. `read` parses a
 * source's mail (here by default; `--jobs` parses on workers). Returns the
 * number of messages read.
 */
export async function assembleSources(
  sources: Source[],
  opts: ReviewOptions,
  take: (s: Series) => unknown,
  noteAny: (d: Diagnostic) => void,
  read: (source: Source) => AsyncIterable<ReadMessage> = readHere(opts),
): Promise<number> {
  const note = (d: Diagnostic): void => noteAny(bounded(d));
  const assembler = new SeriesAssembler({ allVersions: true });
  let messages = 0;
  for (const source of sources) {
    try {
      for await (const { message, bytes, prepared } of read(source)) {
        // one too large to read is not a message read: an input of nothing else is unreadable (exit 2)
        if (message.oversize === undefined) messages++;
        opts.onMessage?.(bytes);
        const done = assembler.push(message, prepared);
        assembler.takeDiagnostics().forEach(note);
        for (const s of done) await take(s);
      }
    } catch (e) {
      // An InputError's message starts with the input's name, which the diagnostic names already.
      const message = (e as Error).message;
      const prefix = `${source.name}: `;
      note({ severity: 'error', message: message.startsWith(prefix) ? message.slice(prefix.length) : message, input: source.name });
    }
  }
  const rest = assembler.finish();
  for (const s of rest.series) await take(s);
  rest.diagnostics.forEach(note);
  return messages;
}

/**
 * Reads every source message by message and reviews each series as soon as
 * the assembler completes it; only light records are kept. Versions are
 * grouped afterwards, so findings of the newest version can be marked new /
 * present against the one before and the gone ones listed as fixed.
 */
export async function reviewSources(sources: Source[], opts: ReviewOptions = {}): Promise<Review> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const model = loadModel(config.kernel);
  const diagnostics: Diagnostic[] = [];
  const assembled: { key: string; version: number }[] = [];
  const results: Reviewed[] = [];
  const keyOf = versionKeys();
  const review = async (s: Series): Promise<void> => {
    assembled.push({ key: keyOf(s), version: s.version });
    const diffSeries = attachForReview(s, Boolean(opts.tree) || namesModel(s, model));
    results.push(lighten({ series: diffSeries, ...(await reviewSeries(diffSeries, model, { ...opts, config })) }));
  };
  const messages = await assembleSources(sources, opts, review, (d) => diagnostics.push(d));
  return assembleReview(assembled, results, diagnostics, messages, opts);
}

/** The grouping and version comparison of `reviewSources`, over results computed elsewhere. */
export function assembleReview(assembled: { key: string; version: number }[], results: Reviewed[], diagnostics: Diagnostic[], messages: number, opts: ReviewOptions): Review {
  const byTitle = new Map<string, number[]>();
  for (const [i, { key }] of assembled.entries()) {
    const versions = byTitle.get(key);
    if (versions) versions.push(i);
    else byTitle.set(key, [i]);
  }
  const review: Review = { series: [], findings: [], diagnostics, touches: [], messages };
  for (const versions of byTitle.values()) {
    versions.sort((a, b) => assembled[a]!.version - assembled[b]!.version);
    let previous: Finding[] | undefined;
    for (const [n, i] of versions.entries()) {
      const { series: diffSeries, findings: own, touches, diagnostics: reviewDiagnostics } = results[i]!;
      const newest = n === versions.length - 1;
      let findings = own;
      if (previous) {
        const cmp = compareFindings(previous, findings);
        findings = cmp.findings;
        if (newest || opts.allVersions) review.fixed = [...(review.fixed ?? []), ...cmp.fixed];
      }
      previous = own;
      if (!newest && !opts.allVersions) continue;
      for (const d of [...diffSeries.diagnostics, ...diffSeries.patches.flatMap((p) => p.diagnostics), ...reviewDiagnostics]) diagnostics.push(bounded(d));
      opts.onSeries?.(diffSeries, findings, touches);
      review.findings.push(...findings);
      if (opts.keepSeries !== false) {
        review.series.push(diffSeries);
        review.touches.push(...touches);
      }
    }
  }
  return review;
}

/** Two reviews of the same series (`--compare OLD NEW`): the newer one's findings marked by status. */
export function compareReviews(older: Review, newer: Review): Review {
  const cmp = compareFindings(older.findings, newer.findings);
  return { ...newer, findings: cmp.findings, fixed: cmp.fixed };
}

/** The CLI's inputs as sources, with the reading options of the review. */
export async function openInputs(inputs: string[], opts: ReviewOptions): Promise<Source[]> {
  const maxInputBytes = opts.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const sources = await openSources(inputs, { maxInputBytes, gitRange: opts.gitRange, repo: opts.repo, stdin: opts.stdin, lore: opts.lore });
  if (!opts.newer) return sources;
  return withNewerVersions(inputs, sources, { ...opts.lore, maxInputBytes }, Boolean(opts.allVersions), opts.notify ?? (() => {}));
}

export async function reviewInputs(inputs: string[], opts: ReviewOptions = {}): Promise<Review> {
  const sources = await openInputs(inputs, opts);
  return reviewSources(sources, opts);
}

export interface StreamResult {
  messages: number;
  /** Diagnostics are handed to `report` as they come; only whether one was an error is kept. */
  inputErrors: boolean;
  findings: number;
  worst?: Finding['severity'];
}

/**
 * Line-mode review (`--format rdjsonl`): each series is reviewed as soon as
 * the assembler completes it and handed to `emit` with its findings, then
 * dropped, so memory stays flat however large the archive. Every version is
 * reported as it arrives, its findings marked against the previous version seen.
 */
export async function streamSources(sources: Source[], opts: ReviewOptions, emit: (part: Review) => void, report: (d: Diagnostic) => void): Promise<StreamResult> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const model = loadModel(config.kernel);
  const previous = new RecentMap<string, Finding[]>(RECENT_SERIES);
  const result: StreamResult = { messages: 0, inputErrors: false, findings: 0 };
  const note = (d: Diagnostic): void => {
    if (d.severity === 'info') return;
    if (d.severity === 'error') result.inputErrors = true;
    report(d);
  };
  const rank = { info: 1, warning: 2, error: 3 } as const;
  const keyOf = versionKeys();
  const review = async (s: Series): Promise<void> => {
    const diffSeries = attachForReview(s, Boolean(opts.tree) || namesModel(s, model));
    const r = await reviewSeries(diffSeries, model, { ...opts, config });
    const key = keyOf(s);
    const before = previous.get(key);
    const findings = before ? compareFindings(before, r.findings).findings : r.findings;
    previous.set(key, r.findings);
    const diagnostics = [...diffSeries.diagnostics, ...diffSeries.patches.flatMap((p) => p.diagnostics), ...r.diagnostics].map(bounded);
    diagnostics.forEach(note);
    result.findings += findings.length;
    for (const f of findings) if (!result.worst || rank[f.severity] > rank[result.worst]) result.worst = f.severity;
    opts.onSeries?.(diffSeries, findings, r.touches);
    emit({ series: [diffSeries], findings, diagnostics, touches: r.touches, messages: 0 });
  };
  result.messages = await assembleSources(sources, opts, review, note);
  return result;
}

export async function streamInputs(inputs: string[], opts: ReviewOptions, emit: (part: Review) => void, report: (d: Diagnostic) => void): Promise<StreamResult> {
  const sources = await openInputs(inputs, opts);
  return streamSources(sources, opts, emit, report);
}
