import type { Octokit } from 'octokit';
import { connectError, networkErrorMessage } from './network-error.js';
import { InputError, type Source } from './types.js';

export interface GithubClientOptions {
  token?: string;
  /** GitHub Enterprise or a test server, e.g. `https://ghe.example/api/v3`. */
  apiUrl?: string;
  /** Where rate-limit waits and retries are reported; never receives the token. */
  log?: (line: string) => void;
  /** Base of the retry back-off in ms (the plugins multiply it); tests shorten it. */
  retryBaseMs?: number;
  /** How often a rate-limited or 5xx request is retried. */
  retries?: number;
}

/**
 * An Octokit with retry (5xx: back-off 1, 4, 9 × base) and throttling (primary
 * and secondary rate limits waited out up to `retries` times). The token goes
 * only into the auth header, which Octokit redacts in its errors.
 */
export async function createGithubClient(opts: GithubClientOptions = {}): Promise<Octokit> {
  // loaded on use: octokit costs ~70 ms of start-up that `check` on a file never needs
  const { Octokit } = await import('octokit');
  const log = opts.log ?? (() => {});
  const retries = opts.retries ?? 3;
  const base = opts.retryBaseMs ?? 1000;
  const wait = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
    if (retryCount >= retries) {
      log(`github: ${kind} on ${options.method} ${options.url}; giving up after ${retryCount} retries`);
      return false;
    }
    log(`github: ${kind} on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
    return true;
  };
  const quiet = () => {};
  return new Octokit({
    auth: opts.token,
    baseUrl: opts.apiUrl?.replace(/\/+$/, ''),
    request: { fetch: fetchOrConnectError },
    retry: { retries, retryAfterBaseValue: base },
    throttle: { onRateLimit: wait('rate limit'), onSecondaryRateLimit: wait('secondary rate limit'), retryAfterBaseValue: base },
    log: { debug: quiet, info: quiet, warn: (m: string) => log(`github: ${m}`), error: (m: string) => log(`github: ${m}`) },
  });
}

export interface GithubPullOptions {
  owner: string;
  repo: string;
  pr: number;
  token?: string;
  apiUrl?: string;
  octokit?: Octokit;
}

/**
 * fetch, with a refused connection or an unknown host thrown as a
 * ConnectError: octokit's request passes an error of that name through as it
 * is, and its retry plugin retries only its own RequestErrors, so a server
 * that is not there is said at once instead of after 14 s of back-off.
 */
async function fetchOrConnectError(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw connectError(e, String(url instanceof Request ? url.url : url)) ?? e;
  }
}

/**
 * The message of an Octokit error without request details (which could hold
 * headers): `HTTP <status>: …` for an answer of the server, what went wrong
 * for a request that got none (`cannot connect to host:port: connection refused`).
 */
export function githubErrorMessage(e: unknown): string {
  const err = e as { status?: number; message?: string; response?: unknown; request?: { url?: string } };
  if (!err.response) {
    const net = networkErrorMessage(e, err.request?.url);
    if (net) return net;
  }
  const msg = (err.message ?? String(e)).split('\n')[0]!;
  return err.status && err.response ? `HTTP ${err.status}: ${msg}` : msg;
}

/**
 * The login pmreview posts as: `botLogin` when given, else the token's user
 * (GET /user), else, for a token GET /user refuses with 403 (a GitHub App's
 * installation token, the Actions GITHUB_TOKEN among them) or no token,
 * `github-actions[bot]`. Only comments and reviews by this login are taken as
 * pmreview's own.
 */
export async function githubIdentity(octokit: Octokit, botLogin?: string, log: (line: string) => void = () => {}): Promise<string> {
  if (botLogin) return botLogin;
  const fallback = 'github-actions[bot]';
  if (((await octokit.auth()) as { type?: string }).type === 'unauthenticated') {
    log(`github: no token; own comments are those by ${fallback} (--bot-login names another)`);
    return fallback;
  }
  try {
    const res = await octokit.rest.users.getAuthenticated();
    return res.data.login;
  } catch (e) {
    // 403 is an app's token; a 401 (a token GitHub does not know) or anything else is an error
    if (!(e as { response?: unknown }).response || (e as { status?: number }).status !== 403) throw e;
    log(`github: the token is not a user's (GET /user: ${githubErrorMessage(e)}); own comments are those by ${fallback} (--bot-login names another app)`);
    return fallback;
  }
}

/**
 * A pull request's commits as a format-patch mbox: the `patch` media type of
 * GET /repos/{owner}/{repo}/pulls/{n} returns exactly `git format-patch` output.
 */
export async function githubPullSource(opts: GithubPullOptions): Promise<Source> {
  const name = `github:${opts.owner}/${opts.repo}#${opts.pr}`;
  const octokit = opts.octokit ?? await createGithubClient({ token: opts.token, apiUrl: opts.apiUrl });
  let text: string;
  try {
    const res = await octokit.rest.pulls.get({ owner: opts.owner, repo: opts.repo, pull_number: opts.pr, mediaType: { format: 'patch' } });
    text = res.data as unknown as string;
  } catch (e) {
    throw new InputError(name, `cannot read the pull request: ${githubErrorMessage(e)}`);
  }
  if (typeof text !== 'string') throw new InputError(name, 'the API did not return patch text');
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    kind: 'github',
    async *stream() {
      yield bytes;
    },
  };
}
