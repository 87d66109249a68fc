import type { Source } from '../source/index.js';
import type { Review } from '../rules/index.js';
import { findingsOfPatch, findReviewedPatch, summaryOf, verdictOf, type Verdict } from './patch-findings.js';

/** The fields of patchwork's patch objects (in /api/series/ID/ and /api/patches/ID/) used here. */
export interface PatchworkPatch {
  id: number;
  msgid: string;
  name: string;
  mbox: string;
  web_url?: string;
}

export interface PatchworkTarget {
  /** The series mbox (or the single patch's) that is reviewed. */
  mbox: string;
  patches: PatchworkPatch[];
  /** `series 123` or `patch 456`, for messages. */
  label: string;
}

export interface PatchworkOptions {
  /** Instance root (`https://patchwork.kernel.org`) or its API root (`…/api`, `…/api/1.3`). */
  url: string;
  series?: number;
  patch?: number;
  /** `Authorization: Token …`; needed to post, not to read. */
  token?: string;
  dryRun?: boolean;
  fetch?: typeof fetch;
  /** Link attached to each check (e.g. the CI run). */
  targetUrl?: string;
  log?: (line: string) => void;
}

export type PatchworkState = 'success' | 'warning' | 'fail';

export interface PatchworkCheck {
  patch: number;
  msgid: string;
  state: PatchworkState;
  context: 'pmreview';
  description: string;
  target_url?: string;
  /** False in dry-run and for patches that were not found in the review. */
  posted: boolean;
  /** Why no check was posted for this patch. */
  skipped?: string;
}

const STATE: Record<Verdict, PatchworkState> = { pass: 'success', warn: 'warning', fail: 'fail' };

export class PatchworkError extends Error {
  override name = 'PatchworkError';
}

export function apiRoot(url: string): string {
  const u = url.replace(/\/+$/, '');
  return /\/api(\/\d+\.\d+)?$/.test(u) ? u : `${u}/api`;
}

async function request(opts: PatchworkOptions, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token && method === 'POST') headers.authorization = `Token ${opts.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new PatchworkError(`patchwork: ${method} ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    throw new PatchworkError(`patchwork: ${method} ${url}: HTTP ${res.status}${text ? `: ${text}` : ''}`);
  }
  return res;
}

async function json<T>(opts: PatchworkOptions, url: string): Promise<T> {
  const res = await request(opts, 'GET', url);
  try {
    return (await res.json()) as T;
  } catch {
    throw new PatchworkError(`patchwork: GET ${url}: not JSON`);
  }
}

/** The patches to check and the mbox to review, from `--series ID` or `--patch ID`. */
export async function fetchPatchworkTarget(opts: PatchworkOptions): Promise<PatchworkTarget> {
  const api = apiRoot(opts.url);
  if (opts.series !== undefined) {
    const s = await json<{ mbox?: string; patches?: PatchworkPatch[] }>(opts, `${api}/series/${opts.series}/`);
    if (!s.mbox || !Array.isArray(s.patches)) throw new PatchworkError(`patchwork: series ${opts.series}: no mbox or patches in the answer`);
    return { mbox: s.mbox, patches: s.patches, label: `series ${opts.series}` };
  }
  if (opts.patch !== undefined) {
    const p = await json<PatchworkPatch>(opts, `${api}/patches/${opts.patch}/`);
    if (!p.mbox || !p.msgid) throw new PatchworkError(`patchwork: patch ${opts.patch}: no mbox or msgid in the answer`);
    return { mbox: p.mbox, patches: [{ id: p.id, msgid: p.msgid, name: p.name, mbox: p.mbox, web_url: p.web_url }], label: `patch ${opts.patch}` };
  }
  throw new PatchworkError('patchwork: give a series or a patch id');
}

/** The target's mbox as a pipeline input. */
export async function patchworkSource(target: PatchworkTarget, opts: PatchworkOptions): Promise<Source> {
  const res = await request(opts, 'GET', target.mbox);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    name: `patchwork:${target.label}`,
    kind: 'mbox',
    async *stream() {
      yield bytes;
    },
  };
}

/**
 * One `pmreview` check per patch, matched to the reviewed patch by Message-ID.
 * Checks are immutable in patchwork: a re-run posts a newer one with the same
 * context, which then wins.
 */
export async function postPatchworkChecks(review: Review, opts: PatchworkOptions & { target?: PatchworkTarget }): Promise<PatchworkCheck[]> {
  const target = opts.target ?? (await fetchPatchworkTarget(opts));
  if (!opts.dryRun && !opts.token) throw new PatchworkError('patchwork: posting checks needs a token (PATCHWORK_TOKEN)');
  const api = apiRoot(opts.url);
  const checks: PatchworkCheck[] = [];
  for (const p of target.patches) {
    const reviewed = findReviewedPatch(review, p.msgid);
    if (!reviewed) {
      checks.push({ patch: p.id, msgid: p.msgid, state: 'warning', context: 'pmreview', description: '', posted: false, skipped: 'not found in the reviewed mbox' });
      opts.log?.(`patchwork: patch ${p.id} ${p.msgid}: not found in the reviewed mbox; no check posted`);
      continue;
    }
    const findings = findingsOfPatch(review, reviewed);
    const check: PatchworkCheck = {
      patch: p.id,
      msgid: p.msgid,
      state: STATE[verdictOf(findings)],
      context: 'pmreview',
      description: summaryOf(findings).slice(0, 250),
      posted: false,
    };
    if (opts.targetUrl) check.target_url = opts.targetUrl;
    if (!opts.dryRun) {
      const { state, context, description, target_url } = check;
      await request(opts, 'POST', `${api}/patches/${p.id}/checks/`, { state, context, description, ...(target_url ? { target_url } : {}) });
      check.posted = true;
    }
    opts.log?.(`patchwork: patch ${p.id}: ${check.state}: ${check.description}${opts.dryRun ? ' (dry run, not posted)' : ''}`);
    checks.push(check);
  }
  return checks;
}
