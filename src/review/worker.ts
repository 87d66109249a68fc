/**
 * Worker thread of `--jobs N`: turns assembled series into diffs and reviews
 * them. The model and the tree-sitter parser are loaded once per worker, so a
 * worker lives for the whole run and takes one series at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachDiffs } from '../diff/index.js';
import { loadModel } from '../model/index.js';
import { DEFAULT_CONFIG } from '../rules/index.js';
import { parseRun, unpackRaws, type JobReply, type JobRequest, type ParseReply, type ParseRequest, type WorkerSetup } from './jobs.js';
import { reviewSeries } from './pipeline.js';
import { treeOption } from './tree-option.js';

const setup = (workerData ?? {}) as WorkerSetup;
const config = setup.config ?? DEFAULT_CONFIG;
const model = loadModel(config.kernel);
const tree = setup.tree ? treeOption(setup.tree.dir, { base: setup.tree.base, checkpatch: setup.tree.checkpatch, scratch: setup.tree.scratch }) : undefined;
const port = parentPort;

async function run(job: JobRequest): Promise<JobReply> {
  try {
    const series = attachDiffs(job.series);
    const result = await reviewSeries(series, model, { config, tree });
    return { id: job.id, series, ...result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { id: job.id, error: { name: err.name, message: err.message } };
  }
}

function parse(job: ParseRequest): ParseReply {
  return { id: job.id, parsed: parseRun(unpackRaws(job.parse.bytes, job.parse.raws), job.parse.input, model) };
}

port?.on('message', (job: JobRequest | ParseRequest) => {
  if ('parse' in job) {
    // parseMessage never throws; prepareMessage is plain text work
    port.postMessage(parse(job));
    return;
  }
  void run(job).then((reply) => port.postMessage(reply));
});
