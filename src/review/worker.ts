/**
 * Worker thread of `--jobs N`: turns assembled series into diffs and reviews
 * them. The model and the tree-sitter parser are loaded once per worker, so a
 * worker lives for the whole run and takes one series at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model/index.js';
import { DEFAULT_CONFIG } from '../rules/index.js';
import { parseRun, unpackRaws, type JobReply, type JobRequest, type ParseReply, type ParseRequest, type WorkerSetup } from './jobs.js';
import { reviewOne, type SeriesContext } from './series.js';
import { treeOption } from './tree-option.js';

const setup = (workerData ?? {}) as WorkerSetup;
const config = setup.config ?? DEFAULT_CONFIG;
const model = loadModel(config.kernel);
const ctx: SeriesContext = { model, config, tree: setup.tree ? treeOption(setup.tree) : undefined };
const port = parentPort;

async function run(job: JobRequest): Promise<JobReply> {
  try {
    // a series is sent here only when it is relevant (jobs.ts)
    return { id: job.id, ...(await reviewOne(job.series, ctx, true)) };
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
