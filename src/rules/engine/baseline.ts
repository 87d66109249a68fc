import type { Finding } from '../types.js';

/**
 * Kernel code cannot carry lint pragmas, so known findings are suppressed out of
 * band by fingerprint (see fingerprint.ts for why those survive rebases).
 */
export interface Baseline {
  version: 1;
  fingerprints: { fingerprint: string; ruleId: string; file: string; text: string }[];
}

export function makeBaseline(findings: Finding[]): Baseline {
  const seen = new Set<string>();
  const fingerprints: Baseline['fingerprints'] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    fingerprints.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file, text: f.location.text.trim() });
  }
  fingerprints.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, fingerprints };
}

export function parseBaseline(text: string, file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not a baseline file: ${(e as Error).message}`, { cause: e });
  }
  const list = (raw as Partial<Baseline> | null)?.fingerprints;
  if (!Array.isArray(list)) throw new Error(`${file}: not a baseline file: no "fingerprints" list`);
  return new Set(list.map((e) => (typeof e === 'string' ? e : String((e as { fingerprint?: unknown }).fingerprint))));
}

export function applyBaseline(findings: Finding[], known: ReadonlySet<string>): { kept: Finding[]; suppressed: number } {
  const kept = findings.filter((f) => !known.has(f.fingerprint));
  return { kept, suppressed: findings.length - kept.length };
}
