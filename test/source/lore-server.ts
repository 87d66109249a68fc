import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/lore-server.mjs');

export interface LoreServer {
  url: string;
  /** Method and path of every request served so far. */
  requests(): Promise<{ method: string; path: string }[]>;
  stop(): Promise<void>;
}

/**
 * Starts scripts/lore-server.mjs (a public-inbox-compatible server over
 * fixtures/corpus) on a free port of 127.0.0.1, in its own process so that a
 * test may block on the CLI while it answers.
 */
export async function startLoreServer(extra: string[] = []): Promise<LoreServer> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, '--port', '0', '--lifetime', '900', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`lore server exited (${code}) before listening`)));
    setTimeout(() => reject(new Error('lore server did not start in 10 s')), 10_000).unref();
  });
  return {
    url,
    async requests() {
      const res = await fetch(`${url}/_requests`);
      return (await res.json()) as { method: string; path: string }[];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
