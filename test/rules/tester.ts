/**
 * A RuleTester for pmreview rules (ESLint's RuleTester is the model): a patch
 * mail goes through the real stages (mail → series → diff → code → model →
 * rules) and one rule's findings are compared with what the fixture says,
 * exactly: rule, file, line, severity and key words of the message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reviewSeries } from '../../src/review/series.js';
import { attachDiffs } from '../../src/diff/index.js';
import { readMessages } from '../../src/mail/index.js';
import { loadModel, type Model } from '../../src/model/index.js';
import { RULES, type Finding, type Rule } from '../../src/rules/index.js';
import { assembleSeries } from '../../src/series/index.js';

export const RULE_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/rules');

/** One finding a fixture must produce. */
export interface Expected {
  rule?: string;
  file: string;
  line: number;
  severity: 'error' | 'warning' | 'info';
  /** Words the message must contain (case-insensitive), the reviewer's point in brief. */
  words: string[];
}

export interface FixtureCase {
  name: string;
  message: string;
  edits: unknown[];
  prefix?: string;
  /** The exact findings of the rule on this case; [] for a passing case. */
  findings?: Expected[];
  /** For metamorphic variants: which case this one rewrites, and how. */
  variant?: Variant;
  of?: string;
}

export const VARIANTS = ['renamed', 'wrapped', 'reordered', 'spelling', 'arch'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface FixtureSpec {
  cases: FixtureCase[];
  /** Variants that cannot apply to this rule, each with the reason. */
  notApplicable?: Partial<Record<Variant, string>>;
}

export function readSpec(id: string): FixtureSpec {
  return JSON.parse(readFileSync(path.join(RULE_FIXTURES, `${id}.json`), 'utf8')) as FixtureSpec;
}

export function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** Runs `rules` (default: all) on a mail text through the real stages. */
export async function reviewText(text: string, opts: { rules?: readonly Rule[]; model?: Model; name?: string } = {}): Promise<Finding[]> {
  const bytes = Buffer.from(text);
  const source = { name: opts.name ?? 'fixture.patch', kind: 'mbox' as const, stream: async function* () { yield bytes; } };
  const { series } = await assembleSeries(readMessages(source));
  const model = opts.model ?? loadModel();
  const out: Finding[] = [];
  for (const s of series) {
    const r = await reviewSeries(attachDiffs(s), model, { rules: opts.rules ?? RULES });
    out.push(...r.findings);
  }
  return out;
}

/**
 * A one-patch mail, as `git format-patch` writes it, that adds the file
 * `path` holding `code`: for tests that review a small hand-written patch.
 * `id` (one hex digit) makes the commit and blob hashes of two such mails differ.
 */
export function newFilePatch(subject: string, path: string, code: string, id = '1'): string {
  const lines = code.split('\n');
  const n = lines.length;
  return [
    `From ${id.repeat(40)} Mon Sep 17 00:00:00 2001`,
    'From: Pat Author <pat@example.org>',
    'Date: Fri, 20 Nov 2026 10:00:00 +0000',
    `Subject: ${subject}`,
    '',
    'Signed-off-by: Pat Author <pat@example.org>',
    '---',
    ` ${path} | ${n} ${'+'.repeat(n)}`,
    ` 1 file changed, ${n} insertions(+)`,
    ` create mode 100644 ${path}`,
    '',
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    `index 0000000..${id.repeat(7)}`,
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${n} @@`,
    ...lines.map((l) => `+${l}`),
    '-- ',
    '2.39.5',
    '',
  ].join('\n');
}

export function fixtureText(id: string, name: string): string {
  return readFileSync(path.join(RULE_FIXTURES, id, `${name}.patch`), 'utf8');
}

/** A finding as the fixture files state it. */
export function asExpected(f: Finding): Required<Expected> {
  return { rule: f.ruleId, file: f.location.file, line: f.location.line, severity: f.severity as Expected['severity'], words: [f.message] };
}

/** Whether `found` is what `want` describes. */
export function meets(found: Finding, want: Expected, id: string): boolean {
  const message = found.message.toLowerCase();
  return (
    found.ruleId === (want.rule ?? id) &&
    found.location.file === want.file &&
    found.location.line === want.line &&
    found.severity === want.severity &&
    want.words.every((w) => message.includes(w.toLowerCase()))
  );
}

/** Pairs expected and found findings; returns what is left over on either side. */
export function compare(found: Finding[], want: Expected[], id: string): { missing: Expected[]; unexpected: Finding[] } {
  const left = [...found];
  const missing: Expected[] = [];
  for (const w of want) {
    const i = left.findIndex((f) => meets(f, w, id));
    if (i < 0) missing.push(w);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

/**
 * The identifiers a patch introduces (declared only on added lines, never on
 * context or deleted ones), renamed consistently on the added lines: the
 * automatic "renamed" variant of every fixture. Line counts do not change, so
 * the expected lines stay the same.
 */
export function renameIntroduced(text: string): { text: string; renamed: Map<string, string> } {
  const lines = text.split('\n');
  const diffStart = lines.findIndex((l) => l.startsWith('diff --git '));
  const body = lines.slice(diffStart);
  const added = body.filter((l) => l.startsWith('+') && !l.startsWith('+++'));
  const other = body.filter((l) => (l.startsWith(' ') || l.startsWith('-')) && !l.startsWith('---'));
  const declared = new Set<string>();
  for (const l of added) {
    const code = l.slice(1).replace(/\/\*.*?\*\/|\/\/.*$|"(?:\\.|[^"])*"/g, '');
    // locals: `type name;` `type *name =` ; functions: `type name(`
    for (const m of code.matchAll(/\b(?:int|long|bool|unsigned long|unsigned int|u64|u32|size_t|pgoff_t|loff_t|struct \w+ \*|void \*|void)\s+\**([a-z_][a-z0-9_]*)\s*(?=[;=,([)])/g)) declared.add(m[1]!);
  }
  const usedElsewhere = (w: string): boolean => other.some((l) => new RegExp(`\\b${w}\\b`).test(l));
  const renamed = new Map<string, string>();
  for (const w of declared) if (!usedElsewhere(w) && w.length > 1) renamed.set(w, `${w}_rn`);
  const out = lines.map((l, i) => {
    if (i < diffStart || !l.startsWith('+') || l.startsWith('+++')) return l;
    let r = l;
    for (const [from, to] of renamed) r = r.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
    return r;
  });
  return { text: out.join('\n'), renamed };
}
