import type { Finding } from '../types.js';

export const VERDICTS = ['correct', 'defensible', 'wrong'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * A person's judgement of one extra finding (a finding that matches no
 * reviewer point): is it right anyway? Kept in `<name>.judged.json` beside the
 * thread. A judgement names the finding by rule, file and the line's text
 * (which survive line shifts), with the line as a tie-break.
 */
export interface Judgement {
  rule: string;
  file: string;
  line?: number;
  text?: string;
  verdict: Verdict;
  /** Why, in a sentence a kernel reviewer would accept. */
  why: string;
}

export function parseJudged(text: string, file: string): Judgement[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const list = (raw as { judged?: unknown })?.judged;
  if (!Array.isArray(list)) throw new Error(`${file}: no "judged" list`);
  return list.map((j, i) => {
    const e = j as Partial<Judgement>;
    if (typeof e.rule !== 'string' || typeof e.file !== 'string') throw new Error(`${file}: judged[${i}]: needs "rule" and "file"`);
    if (!e.verdict || !(VERDICTS as readonly string[]).includes(e.verdict)) throw new Error(`${file}: judged[${i}]: verdict must be one of ${VERDICTS.join(', ')} (got "${String(e.verdict)}")`);
    if (typeof e.why !== 'string' || e.why.trim().length < 10) throw new Error(`${file}: judged[${i}]: "why" must say why`);
    return e as Judgement;
  });
}

const fold = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The judgement of a finding: same rule and file, same line text (nearest line first), else the same line. */
export function judgementOf(f: Finding, judged: readonly Judgement[]): Judgement | undefined {
  const same = judged.filter((j) => j.rule === f.ruleId && j.file === f.location.file);
  const text = fold(f.location.text);
  const byText = same.filter((j) => j.text !== undefined && fold(j.text) === text);
  const pool = byText.length ? byText : same.filter((j) => j.text === undefined && j.line === f.location.line);
  return pool.sort((a, b) => Math.abs((a.line ?? 0) - f.location.line) - Math.abs((b.line ?? 0) - f.location.line))[0];
}

/** A judgement to paste into a judged file for a finding that has none. */
export function judgementStub(f: Finding): Judgement {
  return { rule: f.ruleId, file: f.location.file, line: f.location.line, text: f.location.text.trim(), verdict: 'defensible', why: 'TODO: say why' };
}
