/**
 * `--jobs N`: the main thread reads the mail and assembles series (threading
 * needs every message in one place); worker threads run the per-series work
 * (diffs, C views, touches, rules). Results are put back in the order
 * `reviewSources` would produce them, so the output does not depend on N.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../common/index.js';
import type { DiffSeries } from '../diff/index.js';
import { loadModel } from '../model/index.js';
import type { Series } from '../series/index.js';
import type { Source } from '../source/index.js';
import { DEFAULT_CONFIG, type Config, type Review } from '../rules/index.js';
import { assembleReview, assembleSources, attachForReview, lighten, openInputs, reviewSeries, reviewSources, versionKey, type Reviewed, type ReviewOptions, type SeriesReview } from './pipeline.js';
import { UsageError } from './types.js';

/** The `--tree` arguments: `ReviewOptions.tree` is a closure and cannot cross to a worker. */
export interface TreeSpec {
  dir: string;
  base?: string;
  checkpatch?: boolean;
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

export type JobReply = ({ id: number } & SeriesReview & { series: DiffSeries }) | { id: number; error: { name: string; message: string } };

export interface ParallelOptions extends ReviewOptions {
  /** Worker threads; 1 (or less) reviews in this thread exactly as `reviewSources`. */
  jobs: number;
  /** Required with `tree` for workers to build the same tree context; without it the run stays in one thread. */
  treeSpec?: TreeSpec;
  /** The worker script; default `worker.js` next to this module (dist/cli/worker.js). */
  workerUrl?: URL;
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
  const pool = new WorkerPool<JobRequest, JobReply>(opts.jobs, opts.workerUrl ?? new URL('./worker.js', import.meta.url), setup);
  const diagnostics: Diagnostic[] = [];
  // Only what the version grouping needs: the Series itself is dropped once cloned to a worker.
  const assembled: { key: string; version: number }[] = [];
  const pending: Promise<Reviewed>[] = [];
  let messages: number;
  const dispatch = (id: number, series: Series): void => {
    const job = pool.run({ id, series }).then((reply) => {
      if ('error' in reply) throw rethrown(reply.error);
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
  const relevant = (series: Series): boolean => Boolean(opts.tree) || series.patches.some((p) => model.mentions(p.diffText));
  const submit = (series: Series): void => {
    const id = assembled.push({ key: versionKey(series), version: series.version }) - 1;
    if (!relevant(series)) {
      pending[id] = reviewHere(series, { ...opts, config });
      return;
    }
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
    messages = await assembleSources(sources, opts, submit, (d) => diagnostics.push(d));
    if (held) pending[held.id] = reviewHere(held.series, { ...opts, config });
    results = await Promise.all(pending);
  } finally {
    await pool.close();
  }
  return assembleReview(assembled, results, diagnostics, messages, opts);
}

async function reviewHere(series: Series, opts: ReviewOptions & { config: Config }): Promise<Reviewed> {
  const model = loadModel(opts.config.kernel);
  const diffSeries = attachForReview(series, model, opts);
  return lighten({ series: diffSeries, ...(await reviewSeries(diffSeries, model, opts)) });
}

/** `reviewInputs` with `--jobs`. */
export async function reviewInputsParallel(inputs: string[], opts: ParallelOptions): Promise<Review> {
  const sources = await openInputs(inputs, opts);
  return reviewSourcesParallel(sources, opts);
}
