import type { Octokit } from 'octokit';
import { normaliseLineText, meetsThreshold, type FailOn, type Finding, type Review } from '../rules/index.js';
import type { DiffSeries } from '../diff/index.js';
import { githubErrorMessage } from '../source/index.js';
import { rightSideLines } from './diff-lines.js';
import { lineAtHead } from './line-shift.js';
import { MARK_PREFIX, markedFingerprints } from './marker.js';
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

interface ReviewComment {
  id: number;
  body: string;
  path: string;
  line?: number | null;
  in_reply_to_id?: number;
}

type Placement = { inline: InlineComment } | { body: string | undefined };

function seriesOf(review: Review, f: Finding): DiffSeries | undefined {
  const id = f.location.messageId;
  if (id) {
    const s = review.series.find((s) => s.patches.some((p) => p.messageId === id));
    if (s) return s;
  }
  return review.series.length === 1 ? review.series[0] : undefined;
}

/** Where a finding can go: an inline comment on a RIGHT line that GitHub shows, else the body (with why). */
function place(review: Review, f: Finding, files: Map<string, Map<number, string>>): Placement {
  const loc = f.location;
  if (!loc.file || loc.patchIndex === 0) return { body: undefined };
  const lines = files.get(loc.file);
  if (!lines) return { body: 'file not in the pull request diff' };
  if (loc.side !== 'new') return { body: 'on a deleted line' };
  const line = lineAtHead(seriesOf(review, f), loc.patchIndex, loc.file, loc.line);
  if (line === undefined) return { body: 'line changed again by a later patch' };
  const text = lines.get(line);
  if (text === undefined) return { body: 'line outside the diff' };
  if (loc.text && normaliseLineText(text) !== normaliseLineText(loc.text)) return { body: 'line differs in the pull request' };
  return { inline: { path: loc.file, line, side: 'RIGHT', body: commentBody(f), fingerprint: f.fingerprint } };
}

function isUnprocessable(e: unknown): boolean {
  return (e as { status?: number }).status === 422;
}

/**
 * Posts one review for the findings that are not on the PR yet and removes
 * own comments whose finding is gone (unless someone replied).
 */
export async function publishGithubReview(review: Review, opts: PublishGithubOptions): Promise<PublishGithubResult> {
  const { octokit, owner, repo, log } = opts;
  const pull_number = opts.pr;
  const pr = await octokit.rest.pulls.get({ owner, repo, pull_number });
  const headSha = pr.data.head.sha;
  const files = new Map<string, Map<number, string>>();
  for (const f of await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 })) {
    files.set(f.filename, rightSideLines(f.patch));
  }
  const existing = (await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number, per_page: 100 })) as ReviewComment[];
  const repliedTo = new Set(existing.flatMap((c) => (c.in_reply_to_id ? [c.in_reply_to_id] : [])));
  const own = existing.filter((c) => !c.in_reply_to_id && c.body.includes(MARK_PREFIX));
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number, per_page: 100 });
  const inBodies = new Set(reviews.flatMap((r) => markedFingerprints(r.body)));

  const seen = new Set<string>();
  const inline: InlineComment[] = [];
  const body: { f: Finding; note?: string }[] = [];
  // Own comments that still stand for a current finding.
  const keep = new Set<number>();
  let alreadyPosted = 0;
  for (const f of review.findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const p = place(review, f, files);
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
  const failed = review.findings.some((f) => meetsThreshold(f.severity, opts.failOn ?? 'error'));
  const result: PublishGithubResult = { headSha, alreadyPosted, deleted: [], keptWithReplies: [], dropped: [], failed };

  if (inline.length || body.length) {
    const make = (comments: InlineComment[], dropped: DroppedComment[]) => ({
      body: reviewBody(review.findings, comments.length, body, dropped, byFingerprint),
      comments,
    });
    let planned = make(inline, []);
    if (opts.dryRun) {
      result.review = planned;
    } else {
      const post = async (comments: InlineComment[], event?: 'COMMENT', text = planned.body) =>
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
        for (const d of dropped) log(`github: dropped inline comment ${d.path}:${d.line}: ${d.reason}; it goes into the review body`);
        result.dropped = dropped;
        planned = make(inline.filter((c) => !bad.includes(c)), dropped);
        res = await post(planned.comments, 'COMMENT', planned.body);
      }
      result.review = planned;
      result.reviewId = res.data.id;
      log(`github: posted review ${res.data.id} with ${planned.comments.length} inline comment(s), ${body.length + result.dropped.length} in the body`);
    }
  } else {
    log('github: nothing new to post');
  }

  for (const c of stale) {
    if (repliedTo.has(c.id)) {
      result.keptWithReplies.push(c.id);
      continue;
    }
    if (!opts.dryRun) await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: c.id });
    result.deleted.push(c.id);
  }
  if (result.deleted.length) log(`github: ${opts.dryRun ? 'would delete' : 'deleted'} ${result.deleted.length} outdated comment(s)`);
  if (result.keptWithReplies.length) log(`github: kept ${result.keptWithReplies.length} outdated comment(s) that have replies`);
  return result;
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
