import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubClient, githubPullSource, InputError } from '../../src/source/index.js';
import { FakeServer } from '../publish/fake-server.js';
import { makePull } from '../publish/helpers.js';

const pull = makePull();
let server: FakeServer;

beforeAll(async () => {
  server = await new FakeServer().start();
  server.pulls.set(3, { number: 3, headSha: pull.headSha, patch: pull.patch, diff: pull.diff });
});
afterAll(async () => {
  await server.stop();
});

async function text(source: { stream(): AsyncIterable<Uint8Array> }): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const p of source.stream()) parts.push(p);
  return Buffer.concat(parts).toString('utf8');
}

describe('githubPullSource', () => {
  it('reads the pull request as format-patch mail through the patch media type', async () => {
    const source = await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 3, token: server.token, apiUrl: server.url });
    expect(source).toMatchObject({ name: 'github:kvm/linux#3', kind: 'github' });
    const mbox = await text(source);
    expect(mbox).toBe(pull.patch);
    expect(mbox.match(/^From [0-9a-f]{40} /gm)).toHaveLength(2);
    const get = server.requests.find((r) => r.url === '/repos/kvm/linux/pulls/3')!;
    expect(get.headers.accept).toContain('patch');
    expect(get.headers.authorization).toBe(`token ${server.token}`);
    expect(server.violations).toEqual([]);
  });

  it('works with a given client and without a token (public repositories)', async () => {
    const source = await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 3, octokit: await createGithubClient({ apiUrl: server.url }) });
    expect(await text(source)).toBe(pull.patch);
  });

  it('a missing pull request is an InputError naming the input, without the token', async () => {
    const e = await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 99, token: server.token, apiUrl: server.url }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe('github:kvm/linux#99: cannot read the pull request: HTTP 404: Not Found');
    expect(JSON.stringify(e) + String((e as Error).stack)).not.toContain(server.token);
  });

  it('bad credentials are reported without echoing them', async () => {
    const wrong = 'ghp_wrongTOKEN_abcdefabcdef';
    const e = (await githubPullSource({ owner: 'kvm', repo: 'linux', pr: 3, token: wrong, apiUrl: server.url }).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/HTTP 401: Bad credentials/);
    expect(e.message + String(e.stack)).not.toContain(wrong);
  });
});
