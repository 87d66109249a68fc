import { describe, expect, it } from 'vitest';
import { publishGithubReview, type PublishGithubResult } from '../../src/publish/index.js';
import { createGithubClient } from '../../src/source/index.js';
import type { Finding } from '../../src/rules/index.js';
import { fakeGithubFor, finding, makePull, reviewOf } from './helpers.js';

const pull = makePull();
const GMEM = 'virt/kvm/guest_memfd.c';
const SECRET = 'mm/secretmem.c';
const A = finding({ file: GMEM, line: 23, text: '\tset_direct_map_invalid_noflush(page);' });
const B = finding({ ruleId: 'R01', file: SECRET, line: 33, text: 'folio_zap(folio);', severity: 'warning' });
const C = finding({ ruleId: 'R11', file: GMEM, line: 5, text: 'line_3();', severity: 'info' });
const D = finding({ ruleId: 'R04', file: GMEM, line: 39, text: 'flush_tlb_kernel_range(start, end);', patchIndex: 2, severity: 'warning' });
const E = finding({ ruleId: 'R27', file: '', line: 3, text: 'kvm: gmem: flush after zapping', patchIndex: 2 });

const { server, logs } = fakeGithubFor(pull);

function client(token = server.token, retries?: number) {
  return createGithubClient({ token, apiUrl: server.url, log: (l) => logs.push(l), retries });
}

async function publish(findings: Finding[], extra: Partial<Parameters<typeof publishGithubReview>[1]> = {}) {
  return publishGithubReview(reviewOf(findings), { owner: 'kvm', repo: 'linux', pr: 7, octokit: await client(), log: (l) => logs.push(l), ...extra });
}

const writes = () => server.requests.filter((r) => r.method !== 'GET');

describe('publishGithubReview against a local GitHub', () => {
  it('posts one COMMENT review: diff lines inline (line + side RIGHT + commit_id), the rest in the body', async () => {
    const result = await publish([A, B, C, D, E]);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    const sent = JSON.parse(posts[0]!.body);
    expect(sent.event).toBe('COMMENT');
    expect(sent.commit_id).toBe(pull.headSha);
    expect(sent.comments.map((c: { path: string; line: number; side: string }) => `${c.path}:${c.line}:${c.side}`).sort()).toEqual(
      [`${GMEM}:23:RIGHT`, `${GMEM}:39:RIGHT`, `${SECRET}:33:RIGHT`].sort(),
    );
    expect(sent.comments.every((c: { position?: number }) => c.position === undefined)).toBe(true);
    for (const f of [A, B, D]) expect(server.comments.some((c) => c.body.includes(`<!-- pmreview:${f.fingerprint} -->`))).toBe(true);
    expect(sent.body).toContain(`\`${GMEM}:5 (patch 1)\` **R11**`);
    expect(sent.body).toContain('line outside the diff');
    expect(sent.body).toContain('**R27**');
    expect(sent.body).toContain(`<!-- pmreview:${C.fingerprint} -->`);
    expect(result).toMatchObject({ headSha: pull.headSha, alreadyPosted: 0, failed: true, deleted: [] });
    expect(result.review!.comments).toHaveLength(3);
  });

  it('reads files and comments across pages', async () => {
    server.pageSize = 1;
    try {
      await publish([A, B, D]);
      expect(server.comments).toHaveLength(3);
      const second = await publish([A, B, D]);
      expect(second.alreadyPosted).toBe(3);
      expect(server.requests.filter((r) => r.url.includes('/comments?') && r.url.includes('page=3'))).not.toHaveLength(0);
      expect(server.requests.filter((r) => r.url.includes('/files?') && r.url.includes('page=2'))).not.toHaveLength(0);
    } finally {
      server.pageSize = 2;
    }
  });

  it('a second run posts nothing twice', async () => {
    await publish([A, B, C, D, E]);
    const before = { comments: server.comments.length, reviews: server.reviews.length };
    server.requests = [];
    const again = await publish([A, B, C, D, E]);
    expect(writes()).toEqual([]);
    expect(again.review).toBeUndefined();
    expect(again.alreadyPosted).toBe(5);
    expect({ comments: server.comments.length, reviews: server.reviews.length }).toEqual(before);
    expect(logs).toContain('github: nothing new to post');
  });

  it('a new finding on a re-run gets a review of its own with only that comment', async () => {
    await publish([A]);
    server.requests = [];
    await publish([A, D]);
    const sent = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body);
    expect(sent.comments.map((c: { line: number }) => c.line)).toEqual([39]);
  });

  it('deletes its own stale comments, keeps one with a reply and the comments of others', async () => {
    await publish([A, B, D]);
    const onB = server.comments.find((c) => c.body.includes(B.fingerprint))!;
    server.reply(onB.id);
    const human = server.reply(server.comments.find((c) => c.body.includes(D.fingerprint))!.id, 'unrelated');
    const onA = server.comments.find((c) => c.body.includes(A.fingerprint))!;
    const onD = server.comments.find((c) => c.body.includes(D.fingerprint))!;
    // D is fixed, B is fixed but discussed, A stays.
    const result = await publish([A]);
    expect(result.deleted).toEqual([]);
    expect(result.keptWithReplies.sort()).toEqual([onB.id, onD.id].sort());
    expect(server.comments.map((c) => c.id)).toEqual(expect.arrayContaining([onA.id, onB.id, onD.id, human.id]));
    server.comments = server.comments.filter((c) => c.id !== human.id);
    const cleaned = await publish([A]);
    expect(cleaned.deleted).toEqual([onD.id]);
    expect(server.comments.some((c) => c.id === onD.id)).toBe(false);
    expect(server.comments.some((c) => c.id === onB.id)).toBe(true);
  });

  it('moves a finding whose line changed: new comment posted, old one deleted', async () => {
    await publish([A]);
    const old = server.comments[0]!;
    server.requests = [];
    const moved = { ...A, location: { ...A.location, line: 24, text: 'line_21();' } };
    const result = await publish([moved]);
    expect(result.review!.comments.map((c) => c.line)).toEqual([24]);
    expect(result.deleted).toEqual([old.id]);
  });

  it('a comment GitHub refuses with 422 is found by bisection, dropped into the body and reported', async () => {
    server.refuse.add(`${SECRET}:33`);
    const result = await publish([A, B, D]);
    expect(result.dropped).toEqual([{ path: SECRET, line: 33, fingerprint: B.fingerprint, reason: 'GitHub refused the line (422)' }]);
    expect(logs.some((l) => l.includes(`dropped inline comment ${SECRET}:33`))).toBe(true);
    const posted = server.reviews.filter((r) => r.state !== 'PENDING');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.comments.map((c) => c.line).sort()).toEqual([23, 39]);
    expect(posted[0]!.body).toContain(`<!-- pmreview:${B.fingerprint} -->`);
    expect(server.reviews.some((r) => r.state === 'PENDING')).toBe(false);
    // The dropped finding is now known from the body: nothing is posted again.
    server.requests = [];
    expect((await publish([A, B, D])).review).toBeUndefined();
    expect(writes()).toEqual([]);
  });

  it('waits out a primary rate limit (403, x-ratelimit-remaining 0, reset in 1 s)', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    server.injections.push({
      method: 'GET',
      path: /\/pulls\/7\/files$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' },
      body: { message: 'API rate limit exceeded for user ID 1.' },
    });
    await publish([A]);
    const files = server.requests.filter((r) => r.url.startsWith('/repos/kvm/linux/pulls/7/files'));
    expect(files.map((r) => r.status)).toEqual([403, 200]);
    expect(files[1]!.at).toBeGreaterThanOrEqual(reset * 1000 - 50);
    expect(server.comments).toHaveLength(1);
    expect(logs.some((l) => /rate limit on GET .*retrying in \d+s/.test(l))).toBe(true);
  });

  it('waits out a secondary rate limit on the review (403 with retry-after: 1)', async () => {
    server.injections.push({
      method: 'POST',
      path: /\/pulls\/7\/reviews$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    await publish([A]);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([403, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(server.reviews).toHaveLength(1);
  });

  it('retries a 500', async () => {
    server.injections.push({ method: 'GET', path: /\/pulls\/7\/comments$/, status: 500, body: { message: 'Server Error' } });
    await publish([A]);
    expect(server.requests.filter((r) => r.url.startsWith('/repos/kvm/linux/pulls/7/comments')).map((r) => r.status)).toEqual([500, 200]);
    expect(server.comments).toHaveLength(1);
  });

  it('--dry-run plans the review and posts nothing', async () => {
    await publish([A, B]);
    server.requests = [];
    const result = await publish([A, D, E], { dryRun: true });
    expect(writes()).toEqual([]);
    expect(result.review!.comments.map((c) => c.line)).toEqual([39]);
    expect(result.review!.body).toContain('**R27**');
    expect(result.deleted).toHaveLength(1);
    expect(server.comments).toHaveLength(2);
  });

  it('puts inline comments over the per-review limit into the body', async () => {
    const result = await publish([A, B, D], { maxInline: 2 });
    expect(result.review!.comments).toHaveLength(2);
    expect(result.review!.body).toContain('more than 2 inline comments');
  });

  it('keeps the review body under GitHub\'s 65,536-character limit', async () => {
    const many = Array.from({ length: 800 }, (_, i) => finding({ ruleId: 'R11', file: 'mm/elsewhere.c', line: i + 1, text: `call_${i}();` }));
    const result = await publish(many, { dryRun: true });
    expect(result.review!.body.length).toBeLessThan(65_536);
    expect(result.review!.body).toMatch(/- … and \d+ more finding\(s\), not listed here/);
  });

  it('puts a finding whose text no longer matches the PR line into the body', async () => {
    const stale = finding({ ruleId: 'R09', file: GMEM, line: 23, text: 'something_else();' });
    const result = await publish([stale]);
    expect(result.review!.comments).toEqual([]);
    expect(result.review!.body).toContain('line differs in the pull request');
  });

  it('failOn decides `failed`; the event stays COMMENT', async () => {
    expect((await publish([B], { failOn: 'error' })).failed).toBe(false);
    expect((await publish([B], { failOn: 'warning', dryRun: true })).failed).toBe(true);
    expect((await publish([B], { failOn: 'none', dryRun: true })).failed).toBe(false);
  });

  it('never shows the token: logs, results and errors', async () => {
    server.injections.push({ method: 'GET', path: /\/pulls\/7\/comments$/, status: 500, times: 10 });
    let error: unknown;
    let result: PublishGithubResult | undefined;
    try {
      result = await publish([A, B], { octokit: await client(server.token, 1) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    const err = error as Error & Record<string, unknown>;
    const seen = [err.message, String(err.stack), JSON.stringify(err), JSON.stringify(err.request ?? {}), JSON.stringify(err.response ?? {}), ...logs, JSON.stringify(result ?? {})].join('\n');
    expect(seen).not.toContain(server.token);
    // The token did reach the server, so the check above is not vacuous.
    expect(server.requests.some((r) => String(r.headers.authorization).includes(server.token))).toBe(true);
  });
});
