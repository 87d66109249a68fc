import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/run.js';
import type { CliIO } from '../../src/cli/types.js';
import { redactor, secretsOf } from '../../src/common/index.js';
import { marker, planGithubReview, publishGithubReview, type GithubPullState } from '../../src/publish/index.js';
import { createGithubClient, githubErrorMessage, githubPullSource } from '../../src/source/index.js';
import { fakeGithubFor, finding, makePull, reviewOf } from './helpers.js';

/**
 * Issue 13 §4 over real HTTP against the local GitHub: only comments that
 * carry pmreview's mark AND are written by the login pmreview posts as are
 * its own; no message shows a token or URL credentials; a request that got
 * no answer is named as what it is.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const pull = makePull();
const GMEM = 'virt/kvm/guest_memfd.c';
const SECRET = 'mm/secretmem.c';
const A = finding({ file: GMEM, line: 23, text: '\tset_direct_map_invalid_noflush(page);' });
const B = finding({ ruleId: 'R01', file: SECRET, line: 33, text: 'folio_zap(folio);', severity: 'warning' });

const { server, logs } = fakeGithubFor(pull);

async function publish(findings = [A, B], token = server.token, extra: Partial<Parameters<typeof publishGithubReview>[1]> = {}) {
  const octokit = await createGithubClient({ token, apiUrl: server.url, log: (l) => logs.push(l), retryBaseMs: 1 });
  return publishGithubReview(reviewOf(findings), { owner: 'kvm', repo: 'linux', pr: 7, octokit, log: (l) => logs.push(l), ...extra });
}

/** A review comment written by someone else, carrying whatever body they chose. */
function foreign(login: string, body: string, pathName = GMEM, line = 23) {
  const c = { id: 9000 + server.comments.length, body, path: pathName, line, side: 'RIGHT' as const, commit_id: pull.headSha, pull_request_review_id: 1, user: { login } };
  server.comments.push(c);
  return c;
}

function io(env: Record<string, string | undefined>): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stdin: Readable.from(['']), env, cwd: ROOT };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('only our own comments count', () => {
  it('a marked comment by someone else is never deleted and never keeps a finding from being posted', async () => {
    // a copy of the mark pmreview would write for A, on A's very line, and a stale-looking mark
    const copy = foreign('mallory', `Looks fine.\n\n${marker(A.fingerprint)}`);
    const stale = foreign('mallory', `old\n\n${marker('R99-gone')}`, SECRET, 33);
    const result = await publish([A]);
    expect(result.review?.comments.map((c) => c.fingerprint)).toEqual([A.fingerprint]);
    expect(result.alreadyPosted).toBe(0);
    expect(result.deleted).toEqual([]);
    expect(server.comments.map((c) => c.id)).toEqual(expect.arrayContaining([copy.id, stale.id]));
    expect(server.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(logs).toContain('github: ignored 2 comment(s) or review(s) with a pmreview mark by someone other than pmreview-bot');
  });

  it('a marked review body by someone else does not count as said', async () => {
    server.reviews.push({ id: 4242, body: `- \`x\` **R01**\n  ${marker(B.fingerprint)}`, state: 'COMMENTED', commit_id: pull.headSha, comments: [], user: { login: 'mallory' } });
    const result = await publish([B]);
    expect(result.alreadyPosted).toBe(0);
    expect(result.review?.comments.map((c) => c.fingerprint)).toEqual([B.fingerprint]);
  });

  it('our own comments are still recognised, re-runs post nothing twice and delete what is gone', async () => {
    await publish([A, B]);
    expect(server.comments.every((c) => c.user.login === 'pmreview-bot')).toBe(true);
    const onB = server.comments.find((c) => c.body.includes(B.fingerprint))!;
    server.requests = [];
    const again = await publish([A]);
    expect(again.alreadyPosted).toBe(1);
    expect(again.review).toBeUndefined();
    expect(again.deleted).toEqual([onB.id]);
    expect(server.requests.find((r) => r.method === 'GET' && r.url === '/user')).toBeDefined();
  });

  it('an app token (GET /user refused, as the Actions GITHUB_TOKEN): its comments are github-actions[bot]\'s', async () => {
    foreign('pmreview-bot', `x\n\n${marker('R98-other')}`, SECRET, 33);
    await publish([A, B], server.appToken);
    expect(logs.some((l) => /GET \/user: HTTP 403: Resource not accessible by integration.*\); own comments are those by github-actions\[bot\]/.test(l))).toBe(true);
    const posted = server.comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(posted).toHaveLength(2);
    const again = await publish([A], server.appToken);
    expect(again.alreadyPosted).toBe(1);
    expect(again.deleted).toEqual([posted.find((c) => c.body.includes(B.fingerprint))!.id]);
    // the other login's marked comment is not ours under this token
    expect(server.comments.some((c) => c.body.includes('R98-other'))).toBe(true);
  });

  it('no token (a dry run): github-actions[bot], without asking; a token GitHub does not know is an error', async () => {
    const octokit = await createGithubClient({ apiUrl: server.url });
    const result = await publishGithubReview(reviewOf([A]), { owner: 'kvm', repo: 'linux', pr: 7, octokit, log: (l) => logs.push(l), dryRun: true });
    expect(result.review?.comments).toHaveLength(1);
    expect(logs).toContain('github: no token; own comments are those by github-actions[bot] (--bot-login names another)');
    expect(server.requests.some((r) => r.url === '/user')).toBe(false);
    const e = await publish([A], 'ghp_unknownTOKEN0000000000').catch((x: unknown) => x);
    expect(githubErrorMessage(e)).toBe('HTTP 401: Bad credentials');
  });

  it('--bot-login names the identity without asking GitHub', async () => {
    foreign('my-app[bot]', `x\n\n${marker(A.fingerprint)}`);
    const result = await publish([A], server.token, { botLogin: 'my-app[bot]', dryRun: true });
    expect(result.alreadyPosted).toBe(1);
    expect(server.requests.some((r) => r.url === '/user')).toBe(false);
  });
});

describe('planGithubReview (on data)', () => {
  const files = new Map([[GMEM, new Map([[23, '\tset_direct_map_invalid_noflush(page);']])]]);
  const state = (over: Partial<GithubPullState>): GithubPullState => ({ headSha: 'h', files, comments: [], reviews: [], identity: 'me', ...over });
  const c = (id: number, login: string, body: string, extra = {}) => ({ id, body, path: GMEM, line: 23, user: { login }, ...extra });

  it('posts a new finding inline, the rest of the review in the body', () => {
    const plan = planGithubReview(reviewOf([A, B]), state({}));
    expect(plan.inline.map((x) => `${x.path}:${x.line}`)).toEqual([`${GMEM}:23`]);
    expect(plan.body.map((b) => [b.f.fingerprint, b.note])).toEqual([[B.fingerprint, 'file not in the pull request diff']]);
    expect(plan).toMatchObject({ alreadyPosted: 0, deletions: [], keptWithReplies: [], foreignMarked: 0, failed: true });
  });

  it('own marked comment on the line: already posted; by someone else: ignored and counted', () => {
    expect(planGithubReview(reviewOf([A]), state({ comments: [c(1, 'me', marker(A.fingerprint))] }))).toMatchObject({ inline: [], alreadyPosted: 1, foreignMarked: 0 });
    expect(planGithubReview(reviewOf([A]), state({ comments: [c(1, 'eve', marker(A.fingerprint))] }))).toMatchObject({ alreadyPosted: 0, deletions: [], foreignMarked: 1 });
    expect(planGithubReview(reviewOf([A]), state({ comments: [c(1, 'eve', marker(A.fingerprint))] })).inline).toHaveLength(1);
  });

  it('own stale comments are deleted unless answered; a reply is nobody\'s own comment', () => {
    const plan = planGithubReview(reviewOf([]), state({ comments: [c(1, 'me', marker('gone-1')), c(2, 'me', marker('gone-2')), c(3, 'eve', marker('gone-2'), { in_reply_to_id: 2 }), c(4, 'eve', marker('gone-3'))] }));
    expect(plan).toMatchObject({ deletions: [1], keptWithReplies: [2], foreignMarked: 1 });
  });

  it('a mark counts only on a line of its own: quoted inside text it is not one', () => {
    const quoted = c(1, 'me', `the path \`${marker(A.fingerprint)}\` is odd`);
    expect(planGithubReview(reviewOf([A]), state({ comments: [quoted] }))).toMatchObject({ alreadyPosted: 0, deletions: [] });
  });

  it('a review body counts as said only when it is our own', () => {
    const body = `- x\n  ${marker(B.fingerprint)}`;
    expect(planGithubReview(reviewOf([B]), state({ reviews: [{ id: 1, body, user: { login: 'me' } }] }))).toMatchObject({ body: [], alreadyPosted: 1 });
    expect(planGithubReview(reviewOf([B]), state({ reviews: [{ id: 1, body, user: { login: 'eve' } }] }))).toMatchObject({ alreadyPosted: 0, foreignMarked: 1 });
  });
});

describe('no secret in any message', () => {
  it('a server error that echoes the token is printed with the token hidden', async () => {
    server.pulls.set(8, { number: 8, headSha: pull.headSha, patch: pull.patch, diff: pull.diff });
    server.injections.push({ method: 'GET', path: /\/pulls\/8$/, status: 404, body: { message: `Not Found (token ${server.token} has no access)` } });
    const o = io({ GITHUB_TOKEN: server.token });
    const code = await main(['github', '--repo', 'kvm/linux', '--pr', '8', '--api-url', server.url], o);
    expect(code).toBe(2);
    const err = o.err.join('');
    expect(err).toBe('pmreview: github:kvm/linux#8: cannot read the pull request: HTTP 404: Not Found (token *** has no access)\n');
  });

  it('a token given with --token-env is hidden as well, in URL-encoded form too', () => {
    const secret = 'pw/s3cr3t+value=';
    const redact = redactor(secretsOf(['patchwork', '--token-env', 'MY_PW'], { MY_PW: secret }));
    expect(redact(`a ${secret} b ${encodeURIComponent(secret)} c`)).toBe('a *** b *** c');
    // values too short to be secrets are left alone
    expect(secretsOf([], { GITHUB_TOKEN: 'x' })).toEqual([]);
  });

  it('--api-url with user:TOKEN@ is refused, the token never printed', async () => {
    const token = 'ghp_inTheURL0123456789abcdef';
    const o = io({ GITHUB_TOKEN: server.token });
    const url = server.url.replace('http://', `http://user:${token}@`);
    const code = await main(['github', '--repo', 'kvm/linux', '--pr', '7', '--dry-run', '--api-url', url], o);
    expect(code).toBe(2);
    expect(o.err.join('')).toBe('pmreview: pmreview github: --api-url must not hold credentials (user:password@); put the token in $GITHUB_TOKEN (or --token-env NAME)\n');
    expect(server.requests).toEqual([]);
  });

  it('URL credentials in any message are hidden, whatever wrote it', async () => {
    const o = io({});
    await main(['check', 'https://user:pa55w0rd-0123@example.invalid/x.mbox'], o);
    const err = o.err.join('');
    expect(err).not.toContain('pa55w0rd-0123');
    expect(err).toContain('user:***@');
  });
});

describe('network errors are named as what they are', () => {
  it('a refused connection: "cannot connect to host:port: connection refused", at once (not retried)', async () => {
    const port = await closedPort();
    const octokit = await createGithubClient({ apiUrl: `http://127.0.0.1:${port}`, retryBaseMs: 1000 });
    const started = Date.now();
    const e = await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 1, octokit }).catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe(`github:kvm/linux#1: cannot read the pull request: cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('an unknown host', async () => {
    const octokit = await createGithubClient({ apiUrl: 'http://no-such-host.invalid:8080' });
    const e = await octokit.rest.pulls.get({ owner: 'a', repo: 'b', pull_number: 1 }).catch((x: unknown) => x);
    expect(githubErrorMessage(e)).toMatch(/^cannot connect to no-such-host\.invalid:8080: host (not found|name lookup failed \(temporary\))$/);
  });

  it('an answer of the server keeps its status', async () => {
    const octokit = await createGithubClient({ token: server.token, apiUrl: server.url });
    const e = await octokit.rest.pulls.get({ owner: 'kvm', repo: 'linux', pull_number: 99 }).catch((x: unknown) => x);
    expect(githubErrorMessage(e)).toBe('HTTP 404: Not Found');
  });

  it('the built CLI: one line on stderr, exit 2', async () => {
    const port = await closedPort();
    const r = await promisify(execFile)(process.execPath, [CLI, 'github', '--repo', 'kvm/linux', '--pr', '1', '--dry-run', '--api-url', `http://127.0.0.1:${port}`], { cwd: ROOT, env: { ...process.env, GITHUB_TOKEN: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`pmreview: github:kvm/linux#1: cannot read the pull request: cannot connect to 127.0.0.1:${port}: connection refused\n`);
  });
});
