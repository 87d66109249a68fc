import { bounded, type Diagnostic } from '../common/index.js';
import type { Patch, Reply, Series } from '../series/index.js';
import { attachDiffs, type DiffPatch, type DiffSeries, type ParsedDiff } from '../diff/index.js';
import { buildCodeView, ensureParser, type FileView, type TreeSource } from '../code/index.js';
import { deriveEntries, matchTouches, type Model, type Touch } from '../model/index.js';
import { RULES, DEFAULT_CONFIG, byLocation, runRules, type Config, type Finding, type Rule, type TreeFacts } from '../rules/index.js';

export interface TreeContext {
  facts?: TreeFacts;
  source?: (patch: DiffPatch) => TreeSource | undefined;
  diagnostics?: Diagnostic[];
  /** Findings of tools run on the tree (checkpatch), merged into the review. */
  findings?: Finding[];
  dispose?: () => Promise<void>;
}

/** How one series is reviewed: the same in every mode and thread. */
export interface SeriesContext {
  model: Model;
  config?: Config;
  rules?: readonly Rule[];
  tree?: (series: DiffSeries) => Promise<TreeContext | undefined>;
}

export interface SeriesReview {
  findings: Finding[];
  touches: Touch[];
  diagnostics: Diagnostic[];
}

export type Reviewed = SeriesReview & { series: DiffSeries };

/** Reviews one series: C views of the hunks that name model symbols, touches, then rules. */
export async function reviewSeries(series: DiffSeries, model: Model, opts: Omit<SeriesContext, 'model'> = {}): Promise<SeriesReview> {
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
  const where = d.input ? `${d.input}${d.inputLine !== undefined ? `:${d.inputLine}` : ''}: ` : '';
  return { severity: d.severity, message: `${where}${d.message}`, input: patch.input, inputLine: patch.line, messageId: patch.messageId ?? `#${patch.ordinal}` };
}

/** What is known of a patch mail before its series is complete (from a `--jobs` parse worker). */
export interface KnownPatch {
  mentions?: boolean;
  light?: ParsedDiff;
}

/**
 * Whether a series is in the review's scope (model.inScope: it names a
 * design symbol or touches mm/KVM paths), from the whole diff texts: the same
 * test reviewSeries makes. With a tree every series is (checkpatch, facts).
 */
export function isRelevant(series: Series, ctx: SeriesContext, known?: (p: Patch) => KnownPatch | undefined): boolean {
  return Boolean(ctx.tree) || series.patches.some((p) => known?.(p)?.mentions ?? ctx.model.inScope(p.diffText ?? ''));
}

/**
 * The one per-series path of every mode (in order, streaming, `--compare`,
 * worker threads): attach the diffs, review. A series that names no model
 * symbol gets no rules (reviewSeries), so its hunk lines are not built at
 * all; a diff parsed elsewhere without them is taken as it is.
 */
export async function reviewOne(series: Series, ctx: SeriesContext, relevant: boolean, known?: (p: Patch) => KnownPatch | undefined): Promise<Reviewed> {
  const diffSeries = relevant ? attachDiffs(series) : attachDiffs(series, { hunks: false, parsed: (p) => known?.(p)?.light });
  return { series: diffSeries, ...(await reviewSeries(diffSeries, ctx.model, ctx)) };
}

/** Everything a reviewed series has to say about its input: series, patches, then the review's own. */
export function diagnosticsOf(r: Reviewed): Diagnostic[] {
  return [...r.series.diagnostics, ...r.series.patches.flatMap((p) => p.diagnostics), ...r.diagnostics].map(bounded);
}

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
