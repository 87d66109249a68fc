import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileSource } from './file.js';
import { gunzip, isGzip } from './gzip.js';
import { InputError, type LoreOptions, type Source } from './types.js';

/*
 * Threads from a public-inbox server, as `b4 am` fetches them:
 * GET <inbox>/<msgid>/t.mbox.gz answers the whole thread as a gzipped mbox
 * (Content-Type application/gzip; 404 when the Message-ID is unknown), and
 * POST <inbox>/?q=<query>&x=m answers the messages matching a search as one
 * (public-inbox ignores x=m on a GET and sends an HTML page; 404 "No
 * results found" when nothing matches).
 */

export const DEFAULT_LORE = 'https://lore.kernel.org';
export const DEFAULT_LORE_TIMEOUT_MS = 30_000;
/** A cached thread older than this is fetched again: replies keep coming. */
export const LORE_CACHE_MAX_AGE_MS = 60 * 60 * 1000;
const MAX_REDIRECTS = 5;

/** A Message-ID to fetch, and the inbox a URL input named. */
export interface LoreTarget {
  messageId: string;
  /** From a URL input: its origin and inbox name (`linux-mm`, `all`, `r`). */
  url?: { origin: string; inbox: string };
}

const MSGID = /^[^\s<>@]+@[^\s<>@/]+$/;

/**
 * A Message-ID (`<a@b>`, `a@b`, `id:a@b`) or a public-inbox URL
 * (`https://lore.kernel.org/<list>/<msgid>/`, `…/T/`, `…/t.mbox.gz`, `…/raw`),
 * as b4 reads its argument; undefined for anything else.
 */
export function parseLoreInput(arg: string): LoreTarget | undefined {
  const text = arg.trim();
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    // split before decoding: a Message-ID may hold an escaped '/'
    const [inbox, mid] = url.pathname.split('/').filter(Boolean);
    if (!inbox || !mid) return undefined;
    let messageId: string;
    try {
      messageId = decodeURIComponent(mid);
    } catch {
      return undefined;
    }
    if (!/^[^\s<>]+@[^\s<>]+$/.test(messageId)) return undefined;
    return { messageId, url: { origin: url.origin, inbox } };
  }
  const id = text.replace(/^\w*id:/i, '').replace(/^<(.*)>$/, '$1');
  return MSGID.test(id) ? { messageId: id } : undefined;
}

/** public-inbox's mid_escape: everything but RFC 3986 unreserved and sub-delims, ':' and '@'. */
export function midEscape(messageId: string): string {
  return encodeURIComponent(messageId).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (m) => decodeURIComponent(m));
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The inbox URL a target is fetched from. A configured server wins; without
 * one a URL input's own server is used (its inbox: other public-inbox hosts
 * need not have lore's /all/), and lore.kernel.org's /all/ otherwise.
 */
export function inboxUrl(target: LoreTarget, server?: string): string {
  if (server) return `${trimSlash(server)}/all`;
  if (target.url && target.url.origin !== DEFAULT_LORE) return `${target.url.origin}/${target.url.inbox}`;
  return `${DEFAULT_LORE}/all`;
}

export function threadUrl(target: LoreTarget, server?: string): string {
  return `${inboxUrl(target, server)}/${midEscape(target.messageId)}/t.mbox.gz`;
}

/** Checks a --lore / PMREVIEW_LORE / config value; the message names what is wrong. */
export function checkLoreServer(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: "${value}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http or https URL (got "${value}")`;
  if (url.search || url.hash) return `must be a server URL without query or fragment (got "${value}")`;
  return undefined;
}

/* ---------------------------------------------------------------- HTTP */

class HttpFailure extends Error {}

function sameHost(from: URL, to: URL): boolean {
  if (from.host === to.host && from.protocol === to.protocol) return true;
  // http → https on the same name (and default ports) is the server's own upgrade, not another host
  return from.protocol === 'http:' && to.protocol === 'https:' && from.hostname === to.hostname && !to.port && (!from.port || from.port === '80');
}

interface Answer {
  res: http.IncomingMessage;
  url: URL;
  /** Set when the socket idled for timeoutMs, so the error it ends with is reported as a timeout. */
  timedOut: () => boolean;
}

/**
 * One request, redirects followed on the same host only. node:http rather
 * than fetch: its `timeout` is an idle timeout on the socket (no byte for N
 * seconds, from the connect to the last body byte) where fetch has only an
 * overall abort; it follows no redirect by itself, so each Location is
 * checked before anything is sent there; and it never decodes a
 * Content-Encoding, so every byte goes through our own bounded gunzip.
 */
async function request(start: URL, method: 'GET' | 'POST', opts: LoreOptions): Promise<Answer> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS;
  let url = start;
  let verb = method;
  for (let hop = 0; ; hop++) {
    let timedOut = false;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { accept: 'application/gzip, application/mbox;q=0.9, */*;q=0.1', 'accept-encoding': 'identity' };
      if (opts.userAgent) headers['user-agent'] = opts.userAgent;
      if (verb === 'POST') headers['content-length'] = '0';
      // agent false: a fresh connection each time; a kept-alive one can be closed by the server as it is reused
      const req = lib.request(url, { method: verb, headers, timeout: timeoutMs, agent: false }, resolve);
      req.on('timeout', () => {
        timedOut = true;
        req.destroy(new HttpFailure(`no answer in ${seconds(timeoutMs)} (--timeout)`));
      });
      req.on('error', (e) => reject(timedOut ? new HttpFailure(`no answer in ${seconds(timeoutMs)} (--timeout)`) : e));
      req.end();
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      const next = new URL(res.headers.location, url);
      if (!sameHost(url, next)) throw new HttpFailure(`redirected to another host (${next.origin}); refused`);
      if (hop >= MAX_REDIRECTS) throw new HttpFailure(`more than ${MAX_REDIRECTS} redirects`);
      // as browsers and fetch do: 303, and 301/302 after a POST, continue as a GET
      if (status === 303 || ((status === 301 || status === 302) && verb === 'POST')) verb = 'GET';
      url = next;
      continue;
    }
    return { res, url, timedOut: () => timedOut };
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function describe(e: unknown, timedOut: boolean, timeoutMs: number): string {
  if (e instanceof HttpFailure) return e.message;
  if (timedOut) return `no answer in ${seconds(timeoutMs)} (--timeout)`;
  const err = e as NodeJS.ErrnoException;
  const text = (err.message ?? String(e)).split('\n')[0]!;
  if (err.code === 'ECONNREFUSED') return 'cannot connect: connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `cannot connect: no such host (${err.code})`;
  if (err.code === 'ECONNRESET') return 'connection reset by the server';
  return err.code ? `${text} (${err.code})` : text;
}

function kB(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Writes the answer's body to `file`: a gzip body is decompressed as it
 * arrives, only to count (the --max-input-bytes bound stops a bomb mid-way)
 * and to prove the download whole before it is kept; a plain mbox is
 * counted as it is. Anything else is refused by its first bytes.
 */
async function saveBody(answer: Answer, name: string, file: string, opts: LoreOptions, label: string): Promise<void> {
  const { res } = answer;
  const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  try {
    while (head.length < 5) {
      const r = await it.next();
      if (r.done) break;
      head = Buffer.concat([head, r.value]);
    }
  } catch (e) {
    throw new InputError(name, describe(e, answer.timedOut(), opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS));
  }
  const gz = isGzip(head);
  if (!gz && !head.subarray(0, 5).equals(Buffer.from('From '))) {
    res.destroy();
    const type = res.headers['content-type'];
    throw new InputError(name, head.length ? `the answer is not an mbox (${type ? `Content-Type ${type.split(';')[0]}` : 'no Content-Type'})` : 'the server answered nothing');
  }
  const out = fs.createWriteStream(file);
  // a write error (a full disk) also closes the stream: kept and thrown where it is awaited
  let writeError: Error | undefined;
  out.on('error', (e) => (writeError = e));
  const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
  const written = (): void => {
    if (writeError) throw new InputError(name, `cannot write ${file}: ${(writeError as NodeJS.ErrnoException).code ?? writeError.message}`);
  };
  let bytes = 0;
  let shown = Date.now();
  async function* body(): AsyncIterable<Uint8Array> {
    let chunk: Buffer | undefined = head;
    while (chunk) {
      bytes += chunk.length;
      if (!gz && bytes > opts.maxInputBytes) throw new InputError(name, `size exceeds --max-input-bytes (${opts.maxInputBytes})`);
      if (!out.write(chunk)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), closed]);
      written();
      if (opts.progress && Date.now() - shown > 1000) {
        shown = Date.now();
        opts.progress(`${label}: ${kB(bytes)}…`);
      }
      yield chunk;
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (e) {
        // named here: inside gunzip a broken connection would read as a broken gzip
        throw new InputError(name, describe(e, answer.timedOut(), opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS));
      }
      chunk = r.done ? undefined : r.value;
    }
  }
  try {
    for await (const _ of gz ? gunzip(body(), name, opts.maxInputBytes) : body()) {
      // only counted and checked here; the review reads the file
    }
    out.end();
    await closed;
    written();
  } catch (e) {
    res.destroy();
    out.destroy();
    await fs.promises.rm(file, { force: true });
    if (e instanceof InputError) {
      // a socket that idled out ends the body with a bare "aborted": say why
      if (answer.timedOut()) throw new InputError(name, describe(undefined, true, opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS));
      throw e;
    }
    throw new InputError(name, describe(e, answer.timedOut(), opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS));
  }
  opts.progress?.(`${label}: ${kB(bytes)} received`);
}

/** Where downloads go when there is no cache: one temporary directory, removed at exit. */
let scratch: string | undefined;
function scratchFile(): string {
  if (!scratch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-lore-'));
    scratch = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return path.join(scratch, randomBytes(8).toString('hex'));
}

/** A file name for the cache: readable when short, a hash when a Message-ID would make it too long. */
function cacheName(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9@._+=-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length <= 180 ? safe : createHash('sha256').update(text).digest('hex');
}

/** <cacheDir>/<server and inbox>/<Message-ID>.mbox: one file per thread and server. */
export function cachePath(cacheDir: string, target: LoreTarget, server?: string): string {
  const inbox = new URL(inboxUrl(target, server));
  const dir = `${inbox.host}${inbox.pathname}`.replace(/[^A-Za-z0-9.-]+/g, '_');
  return path.join(cacheDir, dir, `${cacheName(target.messageId)}.mbox`);
}

async function fresh(file: string, maxAgeMs: number): Promise<fs.Stats | undefined> {
  try {
    const st = await fs.promises.stat(file);
    return Date.now() - st.mtimeMs < maxAgeMs ? st : undefined;
  } catch {
    return undefined;
  }
}

/** Downloads `url` to `file`; false on a 404 that `notFound` does not turn into an error. `label` names it in progress lines. */
async function fetchTo(url: string, method: 'GET' | 'POST', name: string, file: string, opts: LoreOptions, notFound: () => InputError | undefined, label = url): Promise<boolean> {
  opts.progress?.(label === url ? `fetching ${url}` : label);
  let answer: Answer;
  try {
    answer = await request(new URL(url), method, opts);
  } catch (e) {
    throw new InputError(name, describe(e, false, opts.timeoutMs ?? DEFAULT_LORE_TIMEOUT_MS));
  }
  const status = answer.res.statusCode ?? 0;
  if (status === 404) {
    answer.res.resume();
    const e = notFound();
    if (e) throw e;
    return false;
  }
  if (status !== 200) {
    answer.res.resume();
    throw new InputError(name, `the server answered HTTP ${status}${answer.res.statusMessage ? ` ${answer.res.statusMessage}` : ''}`);
  }
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // written beside the cache file and renamed: a reader never sees half a thread
  const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  await saveBody(answer, name, part, opts, label === url ? url : 'search results');
  await fs.promises.rename(part, file);
  return true;
}

/**
 * The thread of a Message-ID as a Source named by its t.mbox.gz URL. The
 * download happens here, so an unknown Message-ID or a server error stops
 * the run before any review; from the cache when it is younger than an hour.
 * The stream can be read more than once (`--newer` reads the thread first).
 */
export async function loreThreadSource(target: LoreTarget, opts: LoreOptions): Promise<Source> {
  const url = threadUrl(target, opts.server);
  const file = opts.cacheDir ? cachePath(opts.cacheDir, target, opts.server) : scratchFile();
  const cached = opts.cacheDir ? await fresh(file, opts.maxAgeMs ?? LORE_CACHE_MAX_AGE_MS) : undefined;
  if (cached) opts.progress?.(`${url}: from the cache (${file}, fetched ${Math.round((Date.now() - cached.mtimeMs) / 60000)} min ago)`);
  else await fetchTo(url, 'GET', url, file, opts, () => new InputError(url, `unknown Message-ID <${target.messageId}> (HTTP 404)`));
  const s = await fileSource(file, url, 'lore', opts.maxInputBytes);
  return { ...s, kind: 'lore' };
}

/** The inbox's search URL for a query (b4's searchmask, without t=1: matches only, their threads are fetched on their own). */
export function searchUrl(inbox: string, query: string): string {
  return `${inbox}/?q=${encodeURIComponent(query).replace(/%20/g, '+')}&x=m`;
}

/**
 * The messages matching a public-inbox search query, or undefined when
 * nothing matches (404). Never cached: asking is the point.
 */
export async function loreSearchSource(inbox: string, query: string, opts: LoreOptions): Promise<Source | undefined> {
  const url = searchUrl(inbox, query);
  const file = scratchFile();
  if (!(await fetchTo(url, 'POST', url, file, opts, () => undefined, `searching ${inbox} for ${query}`))) {
    opts.progress?.('search results: none');
    return undefined;
  }
  const s = await fileSource(file, url, 'lore', opts.maxInputBytes);
  return { ...s, kind: 'lore' };
}

/** What `--newer` knows of the series it starts from. */
export interface SeriesQuery {
  changeId?: string;
  title: string;
  /** Author's address. */
  from: string;
  /** ISO date of the cover letter or first patch. */
  date?: string;
}

/**
 * b4's query for later revisions (`b4 am -c`): the series' change-id, or
 * its subject by its author, posted on or after the day it was.
 */
export function newerQuery(q: SeriesQuery): string {
  const terms: string[] = [];
  if (q.changeId) terms.push(`nq:"change-id: ${q.changeId.replace(/"/g, '')}"`);
  terms.push(`(s:"${q.title.replace(/"/g, '')}" AND f:"${q.from.replace(/"/g, '')}")`);
  const any = terms.length > 1 ? `(${terms.join(' OR ')})` : terms[0]!;
  const day = q.date ? q.date.slice(0, 10).replace(/-/g, '') : '';
  return /^\d{8}$/.test(day) ? `${any} AND d:${day}..` : any;
}
