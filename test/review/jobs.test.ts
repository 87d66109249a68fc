import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultJobs, review, type ReviewPolicy } from '../../src/review/index.js';
import { WorkerPool } from '../../src/review/pool.js';
import { CORPUS, ROOT } from '../cli/helpers.js';

// The review workers run the built dist/review/worker.js (`npm test` builds first).
const WORKER = pathToFileURL(path.join(ROOT, 'dist/review/worker.js'));
const corpusFiles = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.mbox'))
  .sort()
  .map((f) => path.join(CORPUS, f));

const DUMMY = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (n) => {
  if (n === 'throw') throw new Error('dummy failure');
  if (n === 'exit') process.exit(3);
  // finish out of order: later requests are answered sooner
  setTimeout(() => parentPort.postMessage({ n, threadId }), 40 - (n % 40));
});
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmreview-jobs-'));
  writeFileSync(path.join(dir, 'dummy.mjs'), DUMMY);
});

describe('WorkerPool', () => {
  it('answers every request with its own reply, on at most `size` threads', async () => {
    const pool = new WorkerPool<number, { n: number; threadId: number }>(3, pathToFileURL(path.join(dir, 'dummy.mjs')));
    try {
      const replies = await Promise.all(Array.from({ length: 24 }, (_, i) => pool.run(i)));
      expect(replies.map((r) => r.n)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      const threads = new Set(replies.map((r) => r.threadId));
      expect(threads.size).toBeGreaterThan(1);
      expect(threads.size).toBeLessThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });

  it('starts workers on demand: one request, one thread', async () => {
    const pool = new WorkerPool<number, { n: number; threadId: number }>(4, pathToFileURL(path.join(dir, 'dummy.mjs')));
    try {
      const a = await pool.run(1);
      const b = await pool.run(2);
      expect(b.threadId).toBe(a.threadId);
    } finally {
      await pool.close();
    }
  });

  it('rejects, not hangs, when a worker throws or exits, and refuses later requests', async () => {
    const pool = new WorkerPool<number | string, unknown>(2, pathToFileURL(path.join(dir, 'dummy.mjs')));
    try {
      await expect(pool.run('throw')).rejects.toThrow(/worker thread failed: dummy failure/);
      await expect(pool.run(1)).rejects.toThrow(/dummy failure/);
    } finally {
      await pool.close();
    }
    const other = new WorkerPool<string, unknown>(1, pathToFileURL(path.join(dir, 'dummy.mjs')));
    try {
      await expect(other.run('exit')).rejects.toThrow(/exited with status 3/);
    } finally {
      await other.close();
    }
  });

  it('defaults --jobs to the CPUs available', () => {
    expect(defaultJobs()).toBe(os.availableParallelism());
  });
});

/** JSON of a review, as reports serialise it (undefined fields dropped). */
const json = (v: unknown): string => JSON.stringify(v);
const reviewInputs = (inputs: string[], policy: ReviewPolicy = {}) => review(inputs, { policy });

describe('review with policy.jobs', () => {
  // A worker script that does not exist: any attempt to start a worker would reject.
  const NO_WORKER = new URL('file:///nonexistent/worker.js');

  // Threads that hold one series (several corpus files hold two versions or a later fix).
  const oneSeries = corpusFiles.filter((f) => !/kelley-coco|leroy-module|zhang-riscv|gushchin-mmu/.test(f));

  it.each(oneSeries.map((f) => [path.basename(f), f]))('reviews a one-series input in this thread, starting no worker: %s', async (_name, file) => {
    const one = await reviewInputs([file]);
    const two = await review([file], { policy: { jobs: 2, workerUrl: NO_WORKER } });
    expect(one.series).toHaveLength(1);
    expect(json(two)).toBe(json(one));
  });

  it('starts workers once there is a second series that touches protected memory', async () => {
    const two = corpusFiles.filter((f) => /roy-gmem-directmap|kalyazin-gmem-write/.test(f));
    expect(two).toHaveLength(2);
    await expect(review(two, { policy: { jobs: 2, workerUrl: NO_WORKER } })).rejects.toThrow(/worker thread/);
  });

  it('keeps input order across several inputs and all versions', async () => {
    const one = await reviewInputs(corpusFiles, { allVersions: true });
    const two = await review(corpusFiles, { policy: { jobs: 2, allVersions: true, workerUrl: WORKER } });
    expect(two.findings.length).toBeGreaterThan(0);
    expect(json(two)).toBe(json(one));
  });

  it('gives the same review on a synthetic mailing-list archive (corpus copies among unrelated series)', async () => {
    const out = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bench/make-archive.mjs'), '--size', '2M', '--seed', '7', '--out', dir], { encoding: 'utf8' })) as { archive: string };
    // The roy thread after the archive makes sure some series has findings, whichever threads the archive drew.
    const inputs = [out.archive, corpusFiles.find((f) => f.includes('roy-gmem-directmap'))!];
    const one = await reviewInputs(inputs);
    let seen = 0;
    const three = await review(inputs, { policy: { jobs: 3, workerUrl: WORKER }, on: { onSeries: () => seen++ } });
    expect(one.series.length).toBeGreaterThan(20);
    expect(one.findings.length).toBeGreaterThan(0);
    expect(seen).toBe(three.series.length);
    expect(json(three)).toBe(json(one));
  });

  it('gives the same review when the mail is parsed on the workers (the path of inputs over 4 MB)', async () => {
    const out = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bench/make-archive.mjs'), '--size', '2M', '--seed', '11', '--out', dir], { encoding: 'utf8' })) as { archive: string };
    const inputs = [out.archive, ...corpusFiles];
    const one = await reviewInputs(inputs, { allVersions: true });
    const two = await review(inputs, { policy: { jobs: 2, workerUrl: WORKER, parseHereBytes: 0, allVersions: true } });
    expect(one.series.length).toBeGreaterThan(20);
    expect(one.findings.length).toBeGreaterThan(0);
    expect(json(two)).toBe(json(one));
  });

  it('with --jobs 1 is the one-thread review', async () => {
    const file = corpusFiles[0]!;
    const one = await review([file], { policy: { jobs: 1, workerUrl: NO_WORKER } });
    expect(json(one)).toBe(json(await reviewInputs([file])));
  });
});
