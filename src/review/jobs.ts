/**
 * `--jobs N`: the main thread reads the mail and assembles series (threading
 * needs every message in one place); worker threads run the per-series work
 * (diffs, C views, touches, rules). Results are put back in the order
 * `reviewSources` would produce them, so the output does not depend on N.
 */
import os from 'node:os';
import { UsageError, type Diagnostic } from '../common/index.js';
import { diffOptionsOf, parseDiff, type DiffSeries } from '../diff/index.js';
import type { Model } from '../model/index.js';
import { parseMessage, splitMbox, type Message, type RawMessage } from '../mail/index.js';
import { prepareMessage, versionKeys, type Patch, type PreparedMessage, type Series } from '../series/index.js';
import type { Source } from '../source/index.js';
import type { Config, Review } from '../rules/index.js';
import { WorkerPool } from './pool.js';
import { assembleSources, type ReadMessage } from './read.js';
import { isRelevant, lighten, reviewOne, type KnownPatch, type Reviewed, type SeriesContext, type SeriesReview } from './series.js';
import type { InputOptions, ReviewOptions, TreeSpec } from './types.js';
import { assembleReview, type Assembled } from './versions.js';

/** What a worker is started with (structured-cloned). */
export interface WorkerSetup {
  config?: Config;
  tree?: TreeSpec;
}

export interface JobRequest {
  id: number;
  series: Series;
}

/** A run of raw messages of one input, to be parsed and prepared for the assembler. */
export interface ParseRequest {
  id: number;
  /**
   * The messages' bytes packed into one buffer, each raw message pointing
   * at its [start, end) in it: a raw message may be a view of a larger read
   * chunk, and cloning a view clones the whole buffer under it.
   */
  parse: { input: string; bytes: Uint8Array; raws: PackedRaw[] };
}

export type PackedRaw = Omit<RawMessage, 'bytes'> & { start: number; end: number };

/** Raw messages as one ParseRequest payload (see ParseRequest.parse). */
export function packRaws(raws: RawMessage[]): { bytes: Uint8Array; raws: PackedRaw[] } {
  const bytes = Buffer.concat(raws.map((r) => r.bytes));
  let at = 0;
  const packed = raws.map(({ bytes: b, ...rest }) => {
    const start = at;
    at += b.byteLength;
    return { ...rest, start, end: at };
  });
  return { bytes, raws: packed };
}

/** What a parse worker does with a run of raw mail (and the main thread, when every worker is busy). */
export function parseRun(raws: RawMessage[], input: string, model: Model): ParsedItem[] {
  return raws.map((raw): ParsedItem => {
    const message = parseMessage(raw, input);
    const prepared = prepareMessage(message);
    const bytes = raw.bytes.byteLength;
    const diffText = prepared.parts?.diffText;
    if (!diffText) return { message, bytes, prepared };
    // a patch mail: the body is in its parts already, and would be cloned twice
    message.body = '';
    const mentions = model.inScope(diffText);
    if (mentions) return { message, bytes, prepared, mentions };
    const light = parseDiff(diffText, diffOptionsOf({ bodyLine: message.bodyLine, diffBodyLine: prepared.parts!.diffBodyLine, input: message.input }, false));
    return { message, bytes, prepared, mentions, light };
  });
}

export function unpackRaws(bytes: Uint8Array, raws: PackedRaw[]): RawMessage[] {
  return raws.map(({ start, end, ...rest }) => ({ ...rest, bytes: bytes.subarray(start, end) }));
}

export interface ParseReply {
  id: number;
  parsed: ParsedItem[];
}

/**
 * One parsed mail. For a patch mail, whether its diff names a model symbol,
 * and when it does not, its diff parsed without hunk lines (what the review
 * of a series that names nothing needs), so this thread does no text work.
 */
export interface ParsedItem extends ReadMessage, KnownPatch {
  /** For a patch mail the body is left out: the assembler reads only `prepared.parts` of it. */
  message: Message;
  prepared: PreparedMessage;
}

type JobFailure = { id: number; error: { name: string; message: string } };
export type JobReply = ({ id: number } & SeriesReview & { series: DiffSeries }) | ParseReply | JobFailure;

/** Default for `--jobs`: one worker per CPU the process may use. */
export function defaultJobs(): number {
  return os.availableParallelism();
}

function rethrown(error: { name: string; message: string }): Error {
  if (error.name === 'UsageError') return new UsageError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}


/** The review of `review.ts` with the per-series work on `policy.jobs` worker threads; same Review. */
export async function reviewSourcesParallel(sources: Source[], ctx: SeriesContext, { input = {}, policy = {}, on = {} }: ReviewOptions): Promise<Review> {
  const jobs = policy.jobs ?? 1;
  const setup: WorkerSetup = { config: ctx.config, tree: policy.tree };
  const pool = new WorkerPool<JobRequest | ParseRequest, JobReply>(jobs, policy.workerUrl ?? new URL('./worker.js', import.meta.url), setup);
  const diagnostics: Diagnostic[] = [];
  // Only what the version grouping needs: the Series itself is dropped once cloned to a worker.
  const assembled: Assembled[] = [];
  const keyOf = versionKeys();
  const pending: Promise<Reviewed>[] = [];
  let messages: number;
  const dispatch = (id: number, series: Series): void => {
    const job = pool.run({ id, series }).then((reply) => {
      if ('error' in reply) throw rethrown(reply.error);
      if ('parsed' in reply) throw new Error('worker answered a review with parsed mail');
      return lighten(reply);
    });
    job.catch(() => {}); // awaited below; this keeps an early failure from being "unhandled" meanwhile
    pending[id] = job;
  };
  // Each series goes to a worker as soon as the assembler completes it, while reading goes on.
  // The first one is held back: an input of one series (the common case) is reviewed here,
  // without paying for a worker's start-up (model, parser, modules: ~0.4 CPU-s).
  let held: { id: number; series: Series } | undefined;
  let pooled = false;
  // Most list traffic names no model symbol: its review is a diff parse, cheaper here than
  // the structured clone to a worker and back. Only relevant series go to the pool.
  // what the parse workers found per patch mail, taken out as its series is reviewed
  const perPatch = new Map<string, ParsedItem>();
  const known = (p: Patch): KnownPatch | undefined => perPatch.get(patchKey(p));
  const submit = (series: Series): void => {
    const id = assembled.push({ key: keyOf(series), version: series.version }) - 1;
    const relevant = isRelevant(series, ctx, known);
    if (!relevant) pending[id] = reviewOne(series, ctx, false, known).then(lighten);
    for (const p of series.patches) perPatch.delete(patchKey(p));
    if (!relevant) return;
    if (!pooled && !held) {
      held = { id, series };
      return;
    }
    if (held) dispatch(held.id, held.series);
    held = undefined;
    pooled = true;
    dispatch(id, series);
  };
  let results: Reviewed[];
  try {
    messages = await assembleSources(sources, input, on, submit, (d) => diagnostics.push(d), parallelReader(input, jobs, policy.parseHereBytes, pool, perPatch, ctx.model));
    if (held) pending[held.id] = reviewOne(held.series, ctx, true).then(lighten);
    results = await Promise.all(pending);
  } finally {
    await pool.close();
  }
  return assembleReview(assembled, results, diagnostics, messages, policy, on);
}

/** Input and ordinal: one mail, as a Message and as the Patch made of it. */
function patchKey(m: { input: string; ordinal: number }): string {
  return `${m.input}\u0000${m.ordinal}`;
}

/** Bytes read in this thread before parsing moves to workers: a small input starts none. */
const PARSE_HERE_BYTES = 4 << 20;
/** Raw mail per parse request: large enough that cloning it is a small share of parsing it. */
const PARSE_BATCH_BYTES = 512 << 10;

/**
 * A source reader for assembleSources that parses on the workers: this thread
 * cuts the mbox, hands runs of raw messages out and yields the answers in
 * input order, recording what each patch mail's diff names in `perPatch`. The
 * first few MB (over all sources) are parsed here, so a small input starts no
 * worker; when every worker is busy and the oldest run is not back, the next
 * run is parsed here instead of waiting.
 */
function parallelReader(
  input: InputOptions,
  jobs: number,
  parseHereBytes: number | undefined,
  pool: WorkerPool<JobRequest | ParseRequest, JobReply>,
  perPatch: Map<string, ParsedItem>,
  model: Model,
): (source: Source) => AsyncIterable<ReadMessage> {
  let parsedHere = 0;
  let nextId = -1;
  return async function* read(source) {
    const inflight: { reply: Promise<JobReply>; done: boolean }[] = [];
    async function* drainOne(): AsyncIterable<ReadMessage> {
      const reply = await inflight.shift()!.reply;
      if ('error' in reply) throw rethrown(reply.error);
      if (!('parsed' in reply)) throw new Error('worker answered a parse with a review');
      for (const item of reply.parsed) {
        if (item.mentions !== undefined) perPatch.set(patchKey(item.message), item);
        yield item;
      }
    }
    let batch: RawMessage[] = [];
    let batchBytes = 0;
    const send = (): void => {
      if (!batch.length) return;
      const head = inflight[0];
      if (inflight.length >= 2 * jobs && head && !head.done) {
        inflight.push({ reply: Promise.resolve({ id: nextId--, parsed: parseRun(batch, source.name, model) }), done: true });
      } else {
        const entry = { reply: pool.run({ id: nextId--, parse: { input: source.name, ...packRaws(batch) } }), done: false };
        // awaited in order by drainOne; `done` lets the reader see a finished run without waiting
        entry.reply.then(() => (entry.done = true), () => (entry.done = true));
        inflight.push(entry);
      }
      batch = [];
      batchBytes = 0;
    };
    for await (const raw of splitMbox(source.stream(), { maxMessageBytes: input.maxMessageBytes })) {
      if (parsedHere < (parseHereBytes ?? PARSE_HERE_BYTES) && !inflight.length && !batch.length) {
        parsedHere += raw.bytes.byteLength;
        yield { message: parseMessage(raw, source.name), bytes: raw.bytes.byteLength };
        continue;
      }
      batch.push(raw);
      batchBytes += raw.bytes.byteLength;
      if (batchBytes >= PARSE_BATCH_BYTES) {
        send();
        while (inflight[0]?.done) yield* drainOne();
        // a bounded number of runs in flight keeps memory flat on a large archive
        while (inflight.length > 4 * jobs) yield* drainOne();
      }
    }
    send();
    while (inflight.length) yield* drainOne();
  };
}
