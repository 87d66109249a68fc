import type { Diagnostic } from '../common/index.js';
import type { Source } from '../source/index.js';
import { versionKeys, type Series } from '../series/index.js';
import { loadModel } from '../model/index.js';
import { DEFAULT_CONFIG, type Review } from '../rules/index.js';
import { reviewSourcesParallel } from './jobs.js';
import { assembleSources, openInputs } from './read.js';
import { isRelevant, lighten, reviewOne, type Reviewed, type SeriesContext } from './series.js';
import { streamSources } from './stream.js';
import { treeOption } from './tree-option.js';
import type { ReviewOptions } from './types.js';
import { assembleReview, compareReviews, type Assembled } from './versions.js';

/**
 * The review of some inputs (paths, `-`, Message-IDs, lore URLs, or sources
 * already open): read the mail, rebuild the series, review each, compare
 * versions. `policy.compare` reviews two inputs against each other;
 * `on.onPart` streams the review instead of keeping it; `policy.jobs` spreads
 * the series over worker threads. Every mode reviews a series the same way
 * (series.ts reviewOne).
 */
export async function review(inputs: readonly (string | Source)[], options: ReviewOptions = {}): Promise<Review> {
  const { input = {}, policy = {}, on = {} } = options;
  const config = policy.config ?? DEFAULT_CONFIG;
  const ctx: SeriesContext = {
    model: loadModel(config.kernel),
    config,
    rules: policy.rules,
    tree: policy.tree ? treeOption(policy.tree) : undefined,
  };
  const open = async (some: readonly (string | Source)[]): Promise<Source[]> =>
    some.every((i) => typeof i === 'string') ? openInputs(some as string[], input, Boolean(policy.allVersions), on) : (some as Source[]);
  if (on.onPart) {
    const messages = await streamSources(await open(inputs), ctx, input, on);
    return { series: [], findings: [], diagnostics: [], touches: [], messages };
  }
  if (policy.compare) {
    const older = await reviewSources(await open([inputs[0]!]), ctx, options);
    const newer = await reviewSources(await open([inputs[1]!]), ctx, options);
    return { ...compareReviews(older, newer), diagnostics: [...older.diagnostics, ...newer.diagnostics] };
  }
  const sources = await open(inputs);
  if ((policy.jobs ?? 1) > 1 && !policy.rules) return reviewSourcesParallel(sources, ctx, options);
  return reviewSources(sources, ctx, options);
}

/**
 * Reads every source message by message and reviews each series as soon as
 * the assembler completes it; only light records are kept. Versions are
 * grouped afterwards, so findings of the newest version can be marked new /
 * present against the one before and the gone ones listed as fixed.
 */
async function reviewSources(sources: Source[], ctx: SeriesContext, { input = {}, policy = {}, on = {} }: ReviewOptions): Promise<Review> {
  const diagnostics: Diagnostic[] = [];
  const assembled: Assembled[] = [];
  const results: Reviewed[] = [];
  const keyOf = versionKeys();
  const take = async (s: Series): Promise<void> => {
    assembled.push({ key: keyOf(s), version: s.version });
    results.push(lighten(await reviewOne(s, ctx, isRelevant(s, ctx))));
  };
  const messages = await assembleSources(sources, input, on, take, (d) => diagnostics.push(d));
  return assembleReview(assembled, results, diagnostics, messages, policy, on);
}
