import { Worker } from 'node:worker_threads';

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
