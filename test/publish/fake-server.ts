import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import parseDiff from 'parse-diff';
import { checkAgainstOpenApi } from './openapi-check.js';

/** A stored review comment, in the fields GitHub returns that pmreview reads. */
export interface FakeComment {
  id: number;
  body: string;
  path: string;
  line: number | null;
  side: 'RIGHT' | 'LEFT';
  commit_id: string;
  in_reply_to_id?: number;
  pull_request_review_id: number;
  user: { login: string };
}

export interface FakeReview {
  id: number;
  body: string;
  state: 'PENDING' | 'COMMENTED' | 'CHANGES_REQUESTED';
  commit_id: string;
  comments: FakeComment[];
  user: { login: string };
}

export interface FakePull {
  number: number;
  headSha: string;
  /** `git format-patch --stdout` of the PR's commits. */
  patch: string;
  /** `git diff base head` (full, with headers): split per file into pulls.listFiles. */
  diff: string;
}

export interface FakePatchworkPatch {
  id: number;
  msgid: string;
  name: string;
  /** The mail of this patch alone. */
  mail: string;
}

export interface Injection {
  method: string;
  /** Matches the request path (without query). */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get this answer. */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
  at: number;
}

const OWNER_REPO = /^\/repos\/([^/]+)\/([^/]+)/;

/**
 * GitHub (pulls, files, review comments, reviews) and patchwork (series,
 * patches, checks) over real HTTP on 127.0.0.1, with state between calls.
 * Every GitHub request is checked against GitHub's REST description; a
 * mismatch is answered 400 and recorded in `violations`.
 */
export class FakeServer {
  private server: Server;
  url = '';
  token = 'ghp_s3cr3tTOKENvalue0123456789';
  /** A GitHub App installation token (as the Actions GITHUB_TOKEN): GET /user refuses it; it posts as `github-actions[bot]`. */
  appToken = 'ghs_s3cr3tAPPtoken0123456789abc';
  /** Login of each token's user; the app token has none (403 on GET /user). */
  logins = new Map<string, string>([[this.token, 'pmreview-bot'], [this.appToken, 'github-actions[bot]']]);
  pwToken = 'pw-s3cr3t-0123456789abcdef';
  pageSize = 2;
  pulls = new Map<number, FakePull>();
  comments: FakeComment[] = [];
  reviews: FakeReview[] = [];
  /** `path:line` pairs GitHub refuses although they are in the diff (422), as the real service sometimes does. */
  refuse = new Set<string>();
  injections: Injection[] = [];
  requests: LoggedRequest[] = [];
  violations: string[] = [];
  pwSeries = new Map<number, { name: string; patches: FakePatchworkPatch[] }>();
  pwChecks: { patch: number; body: Record<string, unknown>; auth?: string }[] = [];
  private nextId = 1000;

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Back to an empty pull request state between tests: no comments, reviews, logged requests, injections or refusals. */
  reset(): void {
    this.comments = [];
    this.reviews = [];
    this.requests = [];
    this.injections = [];
    this.refuse.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A reply by a human to comment `to`. */
  reply(to: number, body = 'Good point, will fix.'): FakeComment {
    const parent = this.comments.find((c) => c.id === to)!;
    const c: FakeComment = { ...parent, id: this.nextId++, body, in_reply_to_id: to, user: { login: 'maintainer' } };
    this.comments.push(c);
    return c;
  }

  rightLines(pull: FakePull, file: string): Set<number> {
    const f = parseDiff(pull.diff).find((d) => d.to === file);
    const lines = new Set<number>();
    for (const chunk of f?.chunks ?? []) {
      for (const ch of chunk.changes) {
        if (ch.content.startsWith('\\')) continue;
        if (ch.type === 'add') lines.add(ch.ln);
        if (ch.type === 'normal') lines.add(ch.ln2);
      }
    }
    return lines;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const logged: LoggedRequest = { method, url: url.pathname + url.search, headers: req.headers, body: raw, status: 0, at: Date.now() };
    this.requests.push(logged);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      logged.status = status;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, { message: 'Problems parsing JSON' });
      }
    }
    const injection = this.injections.find((i) => i.method === method && i.path.test(url.pathname) && (i.times ?? 1) > 0);
    if (injection) {
      injection.times = (injection.times ?? 1) - 1;
      return send(injection.status, injection.body ?? { message: `injected ${injection.status}` }, injection.headers);
    }
    try {
      if (url.pathname.startsWith('/repos/') || url.pathname === '/user') return this.github(method, url, body, req, send);
      return this.patchwork(method, url, body, req, send);
    } catch (e) {
      return send(500, { message: (e as Error).message });
    }
  }

  private github(method: string, url: URL, body: unknown, req: IncomingMessage, send: (s: number, b?: unknown, h?: Record<string, string>) => void): void {
    const problems = checkAgainstOpenApi(method, url, body);
    if (problems.length) {
      this.violations.push(...problems);
      return send(400, { message: problems.join('; ') });
    }
    const auth = req.headers.authorization;
    const token = auth?.replace(/^(?:token|bearer) /i, '');
    const login = token === undefined ? undefined : this.logins.get(token);
    const authed = login !== undefined;
    if (method !== 'GET' && !authed) return send(401, { message: 'Requires authentication' });
    if (auth && !authed) return send(401, { message: 'Bad credentials' });
    if (url.pathname === '/user') {
      if (!authed) return send(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' });
      if (token === this.appToken) return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' });
      return send(200, { login, id: 1, type: 'User' });
    }
    if (!OWNER_REPO.test(url.pathname)) return send(404, { message: 'Not Found' });
    const rest = url.pathname.replace(OWNER_REPO, '');
    let m: RegExpExecArray | null;
    if ((m = /^\/pulls\/comments\/(\d+)$/.exec(rest)) && method === 'DELETE') {
      const i = this.comments.findIndex((c) => c.id === Number(m![1]));
      if (i < 0) return send(404, { message: 'Not Found' });
      this.comments.splice(i, 1);
      return send(204);
    }
    if (!(m = /^\/pulls\/(\d+)(\/.*)?$/.exec(rest))) return send(404, { message: 'Not Found' });
    const pull = this.pulls.get(Number(m[1]));
    if (!pull) return send(404, { message: 'Not Found' });
    const sub = m[2] ?? '';
    if (sub === '' && method === 'GET') {
      if (String(req.headers.accept).includes('application/vnd.github.v3.patch') || String(req.headers.accept).includes('patch')) return send(200, pull.patch);
      return send(200, { number: pull.number, state: 'open', head: { sha: pull.headSha, ref: 'topic' }, base: { sha: 'b'.repeat(40), ref: 'main' } });
    }
    if (sub === '/files' && method === 'GET') {
      const files = parseDiff(pull.diff).map((f) => ({
        filename: f.to === '/dev/null' ? f.from : f.to,
        status: f.new ? 'added' : f.deleted ? 'removed' : 'modified',
        additions: f.additions,
        deletions: f.deletions,
        patch: fileHunks(pull.diff, f.to ?? ''),
      }));
      return this.page(url, files, send);
    }
    if (sub === '/comments' && method === 'GET') return this.page(url, this.comments, send);
    if (sub === '/reviews' && method === 'GET') return this.page(url, this.reviews.filter((r) => r.state !== 'PENDING').map(({ comments: _c, ...r }) => r), send);
    if (sub === '/reviews' && method === 'POST') return this.createReview(pull, body as ReviewBody, send, login!);
    if ((m = /^\/reviews\/(\d+)$/.exec(sub)) && method === 'DELETE') {
      const i = this.reviews.findIndex((r) => r.id === Number(m![1]));
      if (i < 0) return send(404, { message: 'Not Found' });
      if (this.reviews[i]!.state !== 'PENDING') return send(422, { message: 'Unprocessable Entity', errors: ['Can not delete a non-pending pull request review'] });
      const [r] = this.reviews.splice(i, 1);
      return send(200, { id: r!.id, state: 'PENDING', body: r!.body });
    }
    return send(404, { message: 'Not Found' });
  }

  private createReview(pull: FakePull, body: ReviewBody, send: (s: number, b?: unknown) => void, login: string): void {
    for (const c of body.comments ?? []) {
      if (c.position !== undefined) return send(422, { message: 'Unprocessable Entity', errors: ['position is deprecated here; use line'] });
      const inDiff = c.line !== undefined && c.side !== 'LEFT' && this.rightLines(pull, c.path).has(c.line);
      if (!inDiff || this.refuse.has(`${c.path}:${c.line}`)) {
        // GitHub does not say which comment is wrong.
        return send(422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' });
      }
    }
    const pending = body.event === undefined;
    if (pending && this.reviews.some((r) => r.state === 'PENDING')) return send(422, { message: 'Unprocessable Entity', errors: ['User can only have one pending review per pull request'] });
    const id = this.nextId++;
    const commit_id = body.commit_id ?? pull.headSha;
    const comments = (body.comments ?? []).map((c) => ({
      id: this.nextId++,
      body: c.body,
      path: c.path,
      line: c.line ?? null,
      side: (c.side ?? 'RIGHT') as 'RIGHT',
      commit_id,
      pull_request_review_id: id,
      user: { login },
    }));
    const state = pending ? 'PENDING' : body.event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED';
    this.reviews.push({ id, body: body.body ?? '', state, commit_id, comments, user: { login } });
    if (!pending) this.comments.push(...comments);
    send(200, { id, body: body.body ?? '', state, commit_id, user: { login } });
  }

  private page(url: URL, items: unknown[], send: (s: number, b?: unknown, h?: Record<string, string>) => void): void {
    const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.pageSize);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < items.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(200, slice, headers);
  }

  private patchwork(method: string, url: URL, body: unknown, req: IncomingMessage, send: (s: number, b?: unknown) => void): void {
    const base = this.url;
    const patchJson = (p: FakePatchworkPatch, seriesId: number) => ({
      id: p.id,
      url: `${base}/api/patches/${p.id}/`,
      web_url: `${base}/project/kvm/patch/${encodeURIComponent(p.msgid)}/`,
      msgid: `<${p.msgid}>`,
      name: p.name,
      mbox: `${base}/project/kvm/patch/${encodeURIComponent(p.msgid)}/mbox/`,
      series: [{ id: seriesId, url: `${base}/api/series/${seriesId}/`, mbox: `${base}/series/${seriesId}/mbox/` }],
      checks: `${base}/api/patches/${p.id}/checks/`,
    });
    const all = [...this.pwSeries.entries()].flatMap(([sid, s]) => s.patches.map((p) => ({ sid, p })));
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/api\/series\/(\d+)\/$/.exec(url.pathname))) {
      const s = this.pwSeries.get(Number(m[1]));
      if (!s) return send(404, { detail: 'Not found.' });
      return send(200, { id: Number(m[1]), name: s.name, mbox: `${base}/series/${m[1]}/mbox/`, patches: s.patches.map((p) => patchJson(p, Number(m![1]))) });
    }
    if (method === 'GET' && (m = /^\/series\/(\d+)\/mbox\/$/.exec(url.pathname))) {
      const s = this.pwSeries.get(Number(m[1]));
      return s ? send(200, s.patches.map((p) => p.mail).join('')) : send(404, 'Not found');
    }
    if (method === 'GET' && (m = /^\/api\/patches\/(\d+)\/$/.exec(url.pathname))) {
      const hit = all.find((x) => x.p.id === Number(m![1]));
      return hit ? send(200, patchJson(hit.p, hit.sid)) : send(404, { detail: 'Not found.' });
    }
    if (method === 'GET' && (m = /^\/project\/kvm\/patch\/([^/]+)\/mbox\/$/.exec(url.pathname))) {
      const hit = all.find((x) => x.p.msgid === decodeURIComponent(m![1]!));
      return hit ? send(200, hit.p.mail) : send(404, 'Not found');
    }
    if (method === 'POST' && (m = /^\/api\/patches\/(\d+)\/checks\/$/.exec(url.pathname))) {
      if (req.headers.authorization !== `Token ${this.pwToken}`) return send(403, { detail: 'Authentication credentials were not provided.' });
      if (!all.some((x) => x.p.id === Number(m![1]))) return send(404, { detail: 'Not found.' });
      const b = (body ?? {}) as Record<string, unknown>;
      const problems: string[] = [];
      if (!['pending', 'success', 'warning', 'fail'].includes(String(b.state))) problems.push('state: not a valid choice');
      if (b.context !== undefined && !/^[\w-]+$/.test(String(b.context))) problems.push('context: not a slug');
      for (const k of Object.keys(b)) if (!['state', 'context', 'description', 'target_url'].includes(k)) problems.push(`${k}: unknown field`);
      if (problems.length) {
        this.violations.push(...problems);
        return send(400, { detail: problems.join('; ') });
      }
      this.pwChecks.push({ patch: Number(m[1]), body: b, auth: req.headers.authorization });
      return send(201, { id: this.pwChecks.length, ...b });
    }
    this.violations.push(`${method} ${url.pathname}: not a patchwork endpoint`);
    return send(404, { detail: 'Not found.' });
  }
}

interface ReviewBody {
  commit_id?: string;
  body?: string;
  event?: string;
  comments?: { path: string; body: string; line?: number; side?: string; position?: number }[];
}

/** The hunks of one file of a full diff, as GitHub's `patch` field has them (from the first @@). */
function fileHunks(diff: string, file: string): string | undefined {
  const parts = diff.split(/^(?=diff --git )/m);
  const part = parts.find((p) => p.includes(`\n+++ b/${file}\n`)) ?? '';
  const at = part.indexOf('\n@@');
  return at < 0 ? undefined : part.slice(at + 1).replace(/\n$/, '');
}
