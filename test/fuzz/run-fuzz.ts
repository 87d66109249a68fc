import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** One bomb as `bench/fuzz.mjs --bombs --json` reports it. */
export interface BombRow {
  key: string;
  name: string;
  code: number;
  seconds: number;
  rssMB?: number;
  rssBoundMB: number;
  stderrLines: string[];
  stdoutBytes: number;
  fatal: boolean;
  maxOutputBytes?: number;
  reviewMs?: number;
  boundMs?: number;
}

export interface FuzzResult {
  count: number;
  seeds: number;
  crashes: number;
  overBound: number;
  silent: number;
  empty: number;
  unnamed: number;
  repeated: number;
  ruleFailures: number;
  withoutSeries: number;
  longDiagnostics: number;
  maxDiagnostics: number;
  maxMs: number;
  peakRssMB: number;
  examples: { index: number; kind: string; why: string; bytes: number; head: string }[];
}

/** Runs bench/fuzz.mjs on the built CLI (`npm test` builds first) and returns its JSON summary. */
export function runFuzzScript<T>(args: string[]): T {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bench/fuzz.mjs'), ...args, '--json', '--no-build'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as T;
}
