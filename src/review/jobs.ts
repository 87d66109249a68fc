/**
 * `--jobs N`: the main thread reads the mail and assembles series (threading
 * needs every message in one place); worker threads run the per-series work
 * (diffs, C views, touches, rules). Results are put back in the order
 * `reviewSources` would produce them, so the output does not depend on N.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../common/index.js';
import { diffOptionsOf, parseDiff, type DiffSeries } from '../diff/index.js';
import { loadModel, type Model } from '../model/index.js';
import { parseMessage, splitMbox, type Message, type RawMessage } from '../mail/index.js';
import { prepareMessage, type Patch, type PreparedMessage, type Series } from '../series/index.js';
import type { Source } from '../source/index.js';
import type { ScratchShare } from '../tree/index.js';
import { DEFAULT_CONFIG, type Config, type Review } from '../rules/index.js';
import {
  assembleReview,
  assembleSources,
  attachForReview,
  lighten,
  namesModel,
  openInputs,
  reviewSeries,
  reviewSources,
  versionKeys,
  type KnownPatch,
  type ReadMessage,
  type Reviewed,
  type ReviewOptions,
  type SeriesReview,
} from './pipeline.js';
import { UsageError } from '../common/index.js';

/** The `--tree` arguments: `ReviewOptions.tree` is a closure and cannot cross to a worker. */
export interface TreeSpec {
  dir: string;
  base?: string;
  checkpatch?: boolean;
  /** The main thread's scratch directory and stop flag: workers create only inside it. */
  scratch?: ScratchShare;
}

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

export interface ParallelOptions extends ReviewOptions {
  /** Worker threads; 1 (or less) reviews in this thread exactly as `reviewSources`. */
  jobs: number;
  /** Required with `tree` for workers to build the same tree context; without it the run stays in one thread. */
  treeSpec?: TreeSpec;
  /** The worker script; default `worker.js` next to this module (dist/review/worker.js). */
  workerUrl?: URL;
  /** Bytes of mail parsed in this thread before parsing moves to the workers (default 4 MB). */
  parseHereBytes?: number;
}

/** Default for `--jobs`: one worker per CPU the process may use. */
export function defaultJobs(): number {
  return os.availableParallelism();
}

interface Task<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed-size pool of workers that each take one request at a time; workers
 * are started on demand, so a one-series input starts one worker, not N.
 */
export class WorkerPool<Req, Res> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Task<Req, Res>>();
  private readonly queue: Task<Req, Res>[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly size: number,
    private readonly script: URL,
    private readonly workerData?: unknown,
  ) {}

  run(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker; requests still queued are rejected. */
  async close(): Promise<void> {
    this.fail(new Error('worker pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.failure) {
      const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      worker.postMessage(task.request);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { workerData: this.workerData });
    this.workers.push(worker);
    worker.on('message', (reply: Res) => {
      const task = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      task?.resolve(reply);
      this.pump();
    });
    worker.on('error', (e) => this.fail(new Error(`worker thread failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      if (this.running.has(worker) || code !== 0) this.fail(new Error(`worker thread exited with status ${code}`));
    });
    return worker;
  }

  /** A dead worker leaves the run incomplete: every open request fails with the first cause. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const task of [...this.running.values(), ...this.queue.splice(0)]) task.reject(this.failure);
    this.running.clear();
  }
}

function rethrown(error: { name: string; message: string }): Error {
  if (error.name === 'UsageError') return new UsageError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}


/** `reviewSources` with the per-series work on `opts.jobs` worker threads; same Review. */
export async function reviewSourcesParallel(sources: Source[], opts: ParallelOptions): Promise<Review> {
  if (opts.jobs <= 1 || opts.rules || (opts.tree && !opts.treeSpec)) return reviewSources(sources, opts);
  const config = opts.config ?? DEFAULT_CONFIG;
  const setup: WorkerSetup = { config, tree: opts.tree ? opts.treeSpec : undefined };
  const pool = new WorkerPool<JobRequest | ParseRequest, JobReply>(opts.jobs, opts.workerUrl ?? new URL('./worker.js', import.meta.url), setup);
  const diagnostics: Diagnostic[] = [];
  // Only what the version grouping needs: the Series itself is dropped once cloned to a worker.
  const assembled: { key: string; version: number }[] = [];
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
  const model = loadModel(config.kernel);
  // what the parse workers found per patch mail, taken out as its series is reviewed
  const perPatch = new Map<string, ParsedItem>();
  const known = (p: Patch): KnownPatch | undefined => perPatch.get(patchKey(p));
  const submit = (series: Series): void => {
    const id = assembled.push({ key: keyOf(series), version: series.version }) - 1;
    const relevant = Boolean(opts.tree) || namesModel(series, model, known);
    if (!relevant) pending[id] = reviewHere(attachForReview(series, false, known), { ...opts, config });
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
    messages = await assembleSources(sources, opts, submit, (d) => diagnostics.push(d), parallelReader(opts, pool, perPatch, model));
    if (held) pending[held.id] = reviewHere(attachForReview(held.series, true), { ...opts, config });
    results = await Promise.all(pending);
  } finally {
    await pool.close();
  }
  return assembleReview(assembled, results, diagnostics, messages, opts);
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
  opts: ParallelOptions,
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
      if (inflight.length >= 2 * opts.jobs && head && !head.done) {
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
    for await (const raw of splitMbox(source.stream(), { maxMessageBytes: opts.maxMessageBytes })) {
      if (parsedHere < (opts.parseHereBytes ?? PARSE_HERE_BYTES) && !inflight.length && !batch.length) {
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
        while (inflight.length > 4 * opts.jobs) yield* drainOne();
      }
    }
    send();
    while (inflight.length) yield* drainOne();
  };
}

async function reviewHere(diffSeries: DiffSeries, opts: ReviewOptions & { config: Config }): Promise<Reviewed> {
  return lighten({ series: diffSeries, ...(await reviewSeries(diffSeries, loadModel(opts.config.kernel), opts)) });
}

/** `reviewInputs` with `--jobs`. */
export async function reviewInputsParallel(inputs: string[], opts: ParallelOptions): Promise<Review> {
  const sources = await openInputs(inputs, opts);
  return reviewSourcesParallel(sources, opts);
}
