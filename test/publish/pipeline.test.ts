import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/types.js';
import { createGithubClient, githubPullSource } from '../../src/source/index.js';
import { publishGithubReview, b4CheckResult } from '../../src/publish/index.js';
import { composePullDiff } from './compose-diff.js';
import { FakeServer } from './fake-server.js';
import { CORPUS } from './helpers.js';

/**
 * The whole pipeline behind the publishers: the 2024 direct-map RFC served as
 * a pull request by the local GitHub, and one of its patch mails fed to
 * b4-check by the built CLI (`npm test` builds dist/ first).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const MBOX = readFileSync(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox'), 'utf8');
const GMEM = 'virt/kvm/guest_memfd.c';

/** One mail of the thread, `From ` line included, by its subject counter. */
function patchMail(n: number): string {
  return MBOX.split(/^(?=From \S+ +\w{3} \w{3} +\d+ [\d:]+ \d{4}$)/m).find((m) => m.includes(`Subject: [RFC PATCH ${n}/8]`))!;
}

function fakeIo(env: Record<string, string | undefined>, stdin = ''): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stdin: Readable.from([stdin]), env, cwd: ROOT };
}

let server: FakeServer;
beforeAll(async () => {
  server = await new FakeServer().start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.pulls.set(8, { number: 8, headSha: 'c'.repeat(40), patch: MBOX, diff: composePullDiff(MBOX) });
  server.comments = [];
  server.reviews = [];
  server.requests = [];
});
afterEach(() => {
  expect(server.violations).toEqual([]);
});

describe('the pipeline on roy-gmem-directmap-rfc-v1.mbox served as pull request #8', () => {
  it('posts a review GitHub accepts, with the folio/direct-map findings of patch 5 inline at their head lines', async () => {
    const { review: reviewSources } = await import('../../src/review/index.js');
    const octokit = await createGithubClient({ token: server.token, apiUrl: server.url });
    const review = await reviewSources([await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 8, octokit })]);
    expect(review.findings.length).toBeGreaterThan(0);
    const log: string[] = [];
    const result = await publishGithubReview(review, { owner: 'kvm', repo: 'linux', pr: 8, octokit, log: (l) => log.push(l) });
    expect(result.dropped).toEqual([]);
    expect(server.reviews.filter((r) => r.state === 'COMMENTED')).toHaveLength(1);
    const inline = result.review!.comments;
    // Every inline comment is on a line the PR diff shows (else the server answers 422).
    for (const c of inline) expect(server.rightLines(server.pulls.get(8)!, c.path).has(c.line)).toBe(true);
    expect(inline.some((c) => c.path === GMEM && c.line === 99)).toBe(true);
    // Patch 8 adds 30 lines above patch 5's invalidate_folio: a finding there is moved from 388 to 418.
    const at388 = review.findings.filter((f) => f.location.file === GMEM && f.location.line === 388 && f.location.patchIndex === 5);
    for (const f of at388) expect(inline.find((c) => c.fingerprint === f.fingerprint)?.line).toBe(418);
    // A re-run posts nothing twice.
    server.requests = [];
    const again = await publishGithubReview(review, { owner: 'kvm', repo: 'linux', pr: 8, octokit, log: () => {} });
    expect(again.review).toBeUndefined();
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('`pmreview github --dry-run` prints the review and posts nothing; a missing token is exit 2 in one line', async () => {
    const { github } = await import('../../src/cli/commands/github.js');
    const io = fakeIo({ GITHUB_TOKEN: server.token });
    const code = await github(['--repo', 'kvm/linux', '--pr', '8', '--dry-run', '--api-url', server.url, '--fail-on', 'none'], io);
    expect(code).toBe(0);
    expect(io.out.join('')).toMatch(/^Review on c{40} \(event COMMENT\):/);
    expect(io.out.join('')).toContain(`--- ${GMEM}:99 (RIGHT)`);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(io.out.join('') + io.err.join('')).not.toContain(server.token);
    await expect(github(['--repo', 'kvm/linux', '--pr', '8', '--api-url', server.url], fakeIo({}))).rejects.toThrow(/^pmreview github: no token in \$GITHUB_TOKEN/);
  });

  it('`pmreview patchwork` reviews the series mbox and posts one check per patch, patch 5 failing', async () => {
    const { patchwork } = await import('../../src/cli/commands/patchwork.js');
    const patches = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => {
      const mail = patchMail(n);
      return { id: 500 + n, msgid: /^Message-ID: <([^>]+)>/im.exec(mail)![1]!, name: `[RFC,${n}/8]`, mail };
    });
    server.pwSeries.set(77, { name: 'Unmapping guest_memfd from Direct Map', patches });
    server.pwChecks = [];
    const io = fakeIo({ PATCHWORK_TOKEN: server.pwToken });
    await patchwork(['--url', server.url, '--series', '77', '--fail-on', 'none'], io);
    expect(server.pwChecks.map((c) => c.patch)).toEqual(patches.map((p) => p.id));
    expect(server.pwChecks.find((c) => c.patch === 505)!.body).toMatchObject({ state: 'fail', context: 'pmreview' });
    expect(io.out.join('') + io.err.join('')).not.toContain(server.pwToken);
  });

  it('b4-check gives one pmreview result for patch 5 of the thread', async () => {
    const { review: reviewSources } = await import('../../src/review/index.js');
    const mail = patchMail(5);
    const source = { name: '-', kind: 'stdin' as const, async *stream() { yield new TextEncoder().encode(mail); } };
    const [check, ...rest] = b4CheckResult(await reviewSources([source]));
    expect(rest).toEqual([]);
    expect(check).toMatchObject({ tool: 'pmreview', status: 'fail' });
    expect(check!.details).toContain(`${GMEM}:99`);
  });
});

describe('the built CLI: node dist/cli/main.js b4-check', () => {
  it('reads a corpus patch mail on stdin and prints the JSON array b4 expects', () => {
    const r = spawnSync(process.execPath, [CLI, 'b4-check'], { input: patchMail(5), encoding: 'utf8' });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { tool: string; status: string }[];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ tool: 'pmreview', status: 'fail' });
  });

  it('a mail that is not a patch gives []', () => {
    const r = spawnSync(process.execPath, [CLI, 'b4-check'], { input: 'From: a@b\nSubject: hello\n\nnot a patch\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
