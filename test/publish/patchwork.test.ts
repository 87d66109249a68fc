import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPatchworkTarget, patchworkSource, postPatchworkChecks, PatchworkError, patchworkApiRoot } from '../../src/publish/index.js';
import { FakeServer, type FakePatchworkPatch } from './fake-server.js';
import { finding, reviewOf, seriesOf } from './helpers.js';

const id = (n: number) => `20240709132041.3625501-${n}-roypat@amazon.co.uk`;
const mail = (n: number) => `From nobody Mon Sep 17 00:00:00 2001\nMessage-ID: <${id(n)}>\nSubject: [RFC PATCH ${n - 1}/3] patch ${n - 1}\n\nbody ${n - 1}\n`;
const patches: FakePatchworkPatch[] = [2, 3, 4].map((n) => ({ id: 100 + n, msgid: id(n), name: `[RFC,${n - 1}/3] patch ${n - 1}`, mail: mail(n) }));

let server: FakeServer;
beforeAll(async () => {
  server = await new FakeServer().start();
  server.pwSeries.set(42, { name: 'Unmapping guest_memfd from Direct Map', patches });
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.pwChecks = [];
  server.requests = [];
});
afterEach(() => {
  expect(server.violations).toEqual([]);
});

/** The reviewed series: patches 1–3 with their Message-IDs (as the mail stage reads them, in any case). */
const reviewed = seriesOf([{ messageId: id(2) }, { messageId: id(3).toUpperCase() }, { messageId: id(4) }], id(1));
const review = reviewOf(
  [
    finding({ file: 'virt/kvm/guest_memfd.c', line: 99, text: 'x', patchIndex: 2, messageId: id(3), severity: 'error' }),
    finding({ ruleId: 'R04', file: 'mm/secretmem.c', line: 10, text: 'y', patchIndex: 3, messageId: id(4), severity: 'warning' }),
    finding({ ruleId: 'R29', file: '', line: 1, text: 'cover', patchIndex: 0, messageId: id(1), severity: 'info' }),
  ],
  [reviewed],
);

describe('patchwork checks against a local patchwork', () => {
  it('finds the series patches and downloads the series mbox as the input', async () => {
    const opts = { url: server.url, series: 42 };
    const target = await fetchPatchworkTarget(opts);
    expect(target.patches.map((p) => p.msgid)).toEqual(patches.map((p) => `<${p.msgid}>`));
    const source = await patchworkSource(target, opts);
    expect(source).toMatchObject({ name: 'patchwork:series 42', kind: 'mbox' });
    let text = '';
    for await (const chunk of source.stream()) text += Buffer.from(chunk).toString('utf8');
    expect(text).toBe(patches.map((p) => p.mail).join(''));
  });

  it('posts one check per patch, matched by Message-ID, with state by the worst finding', async () => {
    const checks = await postPatchworkChecks(review, { url: `${server.url}/api/`, series: 42, token: server.pwToken, targetUrl: 'https://ci.example/run/1' });
    expect(server.pwChecks.map((c) => [c.patch, c.body.state, c.body.context])).toEqual([
      [102, 'success', 'pmreview'],
      [103, 'fail', 'pmreview'],
      [104, 'warning', 'pmreview'],
    ]);
    expect(server.pwChecks.every((c) => c.auth === `Token ${server.pwToken}` && c.body.target_url === 'https://ci.example/run/1')).toBe(true);
    expect(server.pwChecks[1]!.body.description).toBe('1 error, 1 info: R03, R29');
    expect(server.pwChecks[0]!.body.description).toBe('1 info: R29');
    expect(checks.every((c) => c.posted)).toBe(true);
  });

  it('--patch ID checks only that patch, from its own mbox', async () => {
    const target = await fetchPatchworkTarget({ url: server.url, patch: 104 });
    expect(target.patches.map((p) => p.id)).toEqual([104]);
    await postPatchworkChecks(review, { url: server.url, patch: 104, token: server.pwToken, target });
    expect(server.pwChecks.map((c) => [c.patch, c.body.state])).toEqual([[104, 'warning']]);
  });

  it('dry run posts nothing and needs no token', async () => {
    const checks = await postPatchworkChecks(review, { url: server.url, series: 42, dryRun: true });
    expect(checks.map((c) => c.state)).toEqual(['success', 'fail', 'warning']);
    expect(server.pwChecks).toEqual([]);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a patch missing from the review gets no check and is reported', async () => {
    const partial = reviewOf(review.findings, [seriesOf([{ messageId: id(2) }])]);
    const log: string[] = [];
    const checks = await postPatchworkChecks(partial, { url: server.url, series: 42, token: server.pwToken, log: (l) => log.push(l) });
    expect(checks.filter((c) => c.skipped).map((c) => c.patch)).toEqual([103, 104]);
    expect(server.pwChecks.map((c) => c.patch)).toEqual([102]);
    expect(log.filter((l) => l.includes('not found in the reviewed mbox'))).toHaveLength(2);
  });

  it('errors name the request, not the token; posting without a token is refused up front', async () => {
    await expect(postPatchworkChecks(review, { url: server.url, series: 42 })).rejects.toThrow(/needs a token/);
    const e = (await postPatchworkChecks(review, { url: server.url, series: 42, token: 'wrong-token-value' }).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(PatchworkError);
    expect(e.message).toMatch(/^patchwork: POST http:\/\/127\.0\.0\.1:\d+\/api\/patches\/102\/checks\/: HTTP 403/);
    expect(e.message).not.toContain('wrong-token-value');
    await expect(fetchPatchworkTarget({ url: server.url, series: 7 })).rejects.toThrow(/series\/7\/: HTTP 404/);
  });

  it('accepts the instance root or the API root', () => {
    expect(patchworkApiRoot('https://patchwork.kernel.org')).toBe('https://patchwork.kernel.org/api');
    expect(patchworkApiRoot('https://patchwork.kernel.org/api/')).toBe('https://patchwork.kernel.org/api');
    expect(patchworkApiRoot('https://pw.example/api/1.3')).toBe('https://pw.example/api/1.3');
  });
});
