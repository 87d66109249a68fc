import type { Octokit } from 'octokit';
import { normaliseLineText, meetsThreshold, type FailOn, type Finding, type Review } from '../rules/index.js';
import { oneLine } from '../common/index.js';
import { githubErrorMessage, githubIdentity } from '../source/index.js';
import { rightSideLines } from './diff-lines.js';
import { lineAtHead } from './line-shift.js';
import { markedFingerprints } from './marker.js';
import { bodyItem, commentBody, countBySeverity } from './format.js';

/**
 * Inline comments per review. GitHub documents no hard cap, but large reviews
 * trip the secondary ("abuse") rate limit; reviewdog settled on 30 and so do we.
 * The rest go into the review body, so one run is still one review.
 */
export const MAX_INLINE_COMMENTS = 30;

/** Below GitHub's 65,536-character limit on a review body, with room for the last line. */
const MAX_BODY_CHARS = 60_000;

export interface PublishGithubOptions {
  owner: string;
  repo: string;
  pr: number;
  octokit: Octokit;
  dryRun?: boolean;
  /** Only sets `failed` in the result (the exit status); the review event is always COMMENT. */
  failOn?: FailOn;
  log: (line: string) => void;
  maxInline?: number;
  /** The login pmreview posts as; asked of GitHub (githubIdentity) when not given. */
  identity?: string;
  /** The login to take when the token is an app's (GET /user refuses it); default `github-actions[bot]`. */
  botLogin?: string;
}

export interface InlineComment {
  path: string;
  line: number;
  side: 'RIGHT';
  body: string;
  fingerprint: string;
}

export interface DroppedComment {
  path: string;
  line: number;
  fingerprint: string;
  reason: string;
}

export interface PublishGithubResult {
  headSha: string;
  reviewId?: number;
  /** The review as posted (or, with dryRun, as it would be); undefined when nothing is new. */
  review?: { body: string; comments: InlineComment[] };
  /** Findings already on the PR from an earlier run. */
  alreadyPosted: number;
  deleted: number[];
  /** Stale own comments kept because someone replied to them. */
  keptWithReplies: number[];
  /** Inline comments GitHub refused (422), moved to the body. */
  dropped: DroppedComment[];
  /** A finding meets failOn. */
  failed: boolean;
}

/** A review comment as listed by GitHub, in the fields pmreview reads. */
export interface ReviewComment {
  id: number;
  body: string;
  path: string;
  line?: number | null;
  in_reply_to_id?: number;
  user?: { login: string } | null;
}

/** A submitted review as listed by GitHub, in the fields pmreview reads. */
export interface ListedReview {
  id: number;
  body: string | null;
  user?: { login: string } | null;
}

/** What pmreview reads from the pull request before it decides anything. */
export interface GithubPullState {
  headSha: string;
  /** Per file of the pull request diff: right-side line → its text. */
  files: Map<string, Map<number, string>>;
  comments: ReviewComment[];
  reviews: ListedReview[];
  /** The login pmreview posts as: only its comments and reviews are its own. */
  identity: string;
}

/** A finding that goes into the review body, with why it is not inline. */
export interface BodyEntry {
  f: Finding;
  note?: string;
}

/** What one run does, decided from data alone (planGithubReview). */
export interface GithubReviewPlan {
  headSha: string;
  /** The login pmreview posts as (GithubPullState.identity). */
  identity: string;
  /** Every finding of the review, for the body's summary line. */
  findings: Finding[];
  inline: InlineComment[];
  body: BodyEntry[];
  /** Findings already on the PR from an earlier run. */
  alreadyPosted: number;
  /** Own comments whose finding is gone and that nobody answered. */
  deletions: number[];
  /** Own comments whose finding is gone, kept because someone replied. */
  keptWithReplies: number[];
  /** Comments and reviews by others that carry a pmreview mark: ignored. */
  foreignMarked: number;
  failed: boolean;
}

type Placement = { inline: InlineComment } | { body: string | undefined };

/** Where a finding can go: an inline comment on a RIGHT line that GitHub shows, else the body (with why). */
function place(review: Review, f: Finding, files: Map<string, Map<number, string>>): Placement {
  const loc = f.location;
  if (!loc.file || loc.patchIndex === 0) return { body: undefined };
  const lines = files.get(loc.file);
  if (!lines) return { body: 'file not in the pull request diff' };
  if (loc.side !== 'new') return { body: 'on a deleted line' };
  const line = lineAtHead(loc.series !== undefined ? review.series[loc.series] : undefined, loc.patchIndex, loc.file, loc.line);
  if (line === undefined) return { body: 'line changed again by a later patch' };
  const text = lines.get(line);
  if (text === undefined) return { body: 'line outside the diff' };
  if (loc.text && normaliseLineText(text) !== normaliseLineText(loc.text)) return { body: 'line differs in the pull request' };
  return { inline: { path: loc.file, line, side: 'RIGHT', body: commentBody(f), fingerprint: f.fingerprint } };
}

function isUnprocessable(e: unknown): boolean {
  return (e as { status?: number }).status === 422;
}

/** Reads what planning needs: head, diff lines, review comments and reviews (all pages), and who pmreview is. */
export async function readGithubPull(opts: PublishGithubOptions): Promise<GithubPullState> {
  const { octokit, owner, repo, log } = opts;
  const pull_number = opts.pr;
  const identity = opts.identity ?? (await githubIdentity(octokit, opts.botLogin, log));
  const pr = await octokit.rest.pulls.get({ owner, repo, pull_number });
  const files = new Map<string, Map<number, string>>();
  for (const f of await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 })) {
    files.set(f.filename, rightSideLines(f.patch));
  }
  const comments = (await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number, per_page: 100 })) as ReviewComment[];
  const reviews = (await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number, per_page: 100 })) as ListedReview[];
  return { headSha: pr.data.head.sha, files, comments, reviews, identity };
}

/**
 * What to post and delete: findings not on the PR yet go inline (up to
 * maxInline) or into the body; own comments whose finding is gone are
 * deleted unless someone replied. Own means marked AND written by
 * `state.identity`: a mark in anyone else's comment or review is ignored, so
 * it can neither get that comment deleted nor keep a finding from being posted.
 */
export function planGithubReview(review: Review, state: GithubPullState, opts: { failOn?: FailOn; maxInline?: number } = {}): GithubReviewPlan {
  const ours = (c: { user?: { login: string } | null }) => c.user?.login === state.identity;
  const repliedTo = new Set(state.comments.flatMap((c) => (c.in_reply_to_id ? [c.in_reply_to_id] : [])));
  const marked = state.comments.filter((c) => !c.in_reply_to_id && markedFingerprints(c.body).length);
  const own = marked.filter(ours);
  const markedReviews = state.reviews.filter((r) => markedFingerprints(r.body).length);
  const inBodies = new Set(markedReviews.filter(ours).flatMap((r) => markedFingerprints(r.body)));
  const foreignMarked = marked.length - own.length + markedReviews.filter((r) => !ours(r)).length;

  const seen = new Set<string>();
  const inline: InlineComment[] = [];
  const body: BodyEntry[] = [];
  // Own comments that still stand for a current finding.
  const keep = new Set<number>();
  let alreadyPosted = 0;
  for (const f of review.findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const p = place(review, f, state.files);
    const mine = own.filter((c) => markedFingerprints(c.body).includes(f.fingerprint));
    const same = 'inline' in p ? mine.filter((c) => c.path === p.inline.path && c.line === p.inline.line) : [];
    if (same.length) {
      for (const c of same) keep.add(c.id);
      alreadyPosted++;
    } else if ('inline' in p && !inBodies.has(f.fingerprint)) {
      inline.push(p.inline);
    } else if (inBodies.has(f.fingerprint) || mine.length) {
      // Already said in a review body (out of the diff, refused, or over the limit) or in a comment elsewhere.
      for (const c of mine) keep.add(c.id);
      alreadyPosted++;
    } else {
      body.push({ f, note: 'body' in p ? p.body : undefined });
    }
  }
  const byFingerprint = new Map(review.findings.map((f) => [f.fingerprint, f]));
  const max = opts.maxInline ?? MAX_INLINE_COMMENTS;
  for (const c of inline.splice(max)) body.push({ f: byFingerprint.get(c.fingerprint)!, note: `more than ${max} inline comments` });

  const stale = own.filter((c) => !keep.has(c.id));
  return {
    headSha: state.headSha,
    identity: state.identity,
    findings: review.findings,
    inline,
    body,
    alreadyPosted,
    deletions: stale.filter((c) => !repliedTo.has(c.id)).map((c) => c.id),
    keptWithReplies: stale.filter((c) => repliedTo.has(c.id)).map((c) => c.id),
    foreignMarked,
    failed: review.findings.some((f) => meetsThreshold(f.severity, opts.failOn ?? 'error')),
  };
}

/** The review a plan posts: its body and inline comments, or undefined when nothing is new. */
export function plannedReview(plan: GithubReviewPlan, inline = plan.inline, dropped: DroppedComment[] = []): { body: string; comments: InlineComment[] } | undefined {
  if (!plan.inline.length && !plan.body.length) return undefined;
  const byFingerprint = new Map(plan.findings.map((f) => [f.fingerprint, f]));
  return { body: reviewBody(plan.findings, inline.length, plan.body, dropped, byFingerprint), comments: inline };
}

/**
 * Carries out a plan: posts its review (a comment GitHub refuses with 422 is
 * moved into the body) and deletes what it says. With dryRun, nothing is
 * written and the result says what would be.
 */
export async function executeGithubPlan(plan: GithubReviewPlan, opts: PublishGithubOptions): Promise<PublishGithubResult> {
  const { octokit, owner, repo, log } = opts;
  const pull_number = opts.pr;
  const headSha = plan.headSha;
  const result: PublishGithubResult = { headSha, alreadyPosted: plan.alreadyPosted, deleted: [], keptWithReplies: [...plan.keptWithReplies], dropped: [], failed: plan.failed };
  if (plan.foreignMarked) log(`github: ignored ${plan.foreignMarked} comment(s) or review(s) with a pmreview mark by someone other than ${oneLine(plan.identity)}`);

  let planned = plannedReview(plan);
  if (!planned) {
    log('github: nothing new to post');
  } else if (opts.dryRun) {
    result.review = planned;
  } else {
    const inline = plan.inline;
    const first = planned;
    const post = async (comments: InlineComment[], event?: 'COMMENT', text = first.body) =>
      octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number,
        commit_id: headSha,
        body: text,
        ...(event ? { event } : {}),
        comments: comments.map(({ path, line, side, body }) => ({ path, line, side, body })),
      });
    let res;
    try {
      res = await post(inline, 'COMMENT');
    } catch (e) {
      if (!isUnprocessable(e)) throw e;
      log(`github: review refused (${githubErrorMessage(e)}); finding the comment(s) GitHub rejects`);
      const bad = await rejected(inline, githubErrorMessage(e), async (subset) => {
        try {
          const probe = await post(subset, undefined, 'pmreview probe (pending, deleted at once)');
          await octokit.rest.pulls.deletePendingReview({ owner, repo, pull_number, review_id: probe.data.id });
          return true;
        } catch (err) {
          if (isUnprocessable(err)) return false;
          throw err;
        }
      });
      const dropped = bad.map((c) => ({ path: c.path, line: c.line, fingerprint: c.fingerprint, reason: 'GitHub refused the line (422)' }));
      for (const d of dropped) log(`github: dropped inline comment ${oneLine(d.path)}:${d.line}: ${d.reason}; it goes into the review body`);
      result.dropped = dropped;
      planned = plannedReview(plan, inline.filter((c) => !bad.includes(c)), dropped)!;
      res = await post(planned.comments, 'COMMENT', planned.body);
    }
    result.review = planned;
    result.reviewId = res.data.id;
    log(`github: posted review ${res.data.id} with ${planned.comments.length} inline comment(s), ${plan.body.length + result.dropped.length} in the body`);
  }

  for (const id of plan.deletions) {
    if (!opts.dryRun) await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: id });
    result.deleted.push(id);
  }
  if (result.deleted.length) log(`github: ${opts.dryRun ? 'would delete' : 'deleted'} ${result.deleted.length} outdated comment(s)`);
  if (result.keptWithReplies.length) log(`github: kept ${result.keptWithReplies.length} outdated comment(s) that have replies`);
  return result;
}

/**
 * Posts one review for the findings that are not on the PR yet and removes
 * own comments whose finding is gone (unless someone replied): read, plan
 * (pure), execute.
 */
export async function publishGithubReview(review: Review, opts: PublishGithubOptions): Promise<PublishGithubResult> {
  const state = await readGithubPull(opts);
  const plan = planGithubReview(review, state, opts);
  return executeGithubPlan(plan, opts);
}

/**
 * The comments GitHub refuses: the ones the error names by path:line, else
 * found by bisection with pending reviews (never published, deleted at once).
 */
async function rejected(comments: InlineComment[], message: string, accepts: (subset: InlineComment[]) => Promise<boolean>): Promise<InlineComment[]> {
  const named = comments.filter((c) => message.includes(`${c.path}:${c.line}`));
  if (named.length) return named;
  const bisect = async (set: InlineComment[]): Promise<InlineComment[]> => {
    if (set.length === 0 || (await accepts(set))) return [];
    if (set.length === 1) return set;
    const half = Math.ceil(set.length / 2);
    return [...(await bisect(set.slice(0, half))), ...(await bisect(set.slice(half)))];
  };
  // The whole set already failed once; start from its halves.
  if (comments.length === 1) return comments;
  const half = Math.ceil(comments.length / 2);
  return [...(await bisect(comments.slice(0, half))), ...(await bisect(comments.slice(half)))];
}

function reviewBody(
  all: Finding[],
  inline: number,
  body: { f: Finding; note?: string }[],
  dropped: DroppedComment[],
  byFingerprint: Map<string, Finding>,
): string {
  const unique = [...new Map(all.map((f) => [f.fingerprint, f])).values()];
  const lines = [`**pmreview**: ${unique.length} finding(s) on this pull request (${countBySeverity(unique) || 'none'}).`];
  lines.push(`This review adds ${inline} inline comment(s)${body.length + dropped.length ? ` and ${body.length + dropped.length} finding(s) below` : ''}.`);
  if (body.length || dropped.length) {
    lines.push('', '#### Findings not on a line of the diff', '');
    const items = [...body.map(({ f, note }) => bodyItem(f, note)), ...dropped.map((d) => bodyItem(byFingerprint.get(d.fingerprint)!, d.reason))];
    let size = lines.join('\n').length;
    for (const [i, item] of items.entries()) {
      // GitHub refuses bodies over 65,536 characters (422); the rest stays in the SARIF/log output.
      if (size + item.length > MAX_BODY_CHARS) {
        lines.push(`- … and ${items.length - i} more finding(s), not listed here (GitHub limits a review body to 65,536 characters).`);
        break;
      }
      lines.push(item);
      size += item.length + 1;
    }
  }
  return lines.join('\n');
}
