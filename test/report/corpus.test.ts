import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import * as pipeline from '../../src/review/index.js';
import * as mail from '../../src/mail/index.js';
import { formatReplies, formatReview, FORMATS } from '../../src/report/index.js';
import { RULES, type Review } from '../../src/rules/index.js';
import * as seriesStage from '../../src/series/index.js';
import { OPTS, REVIEWER } from './review-fixture.js';
import { textSource } from './thread-mbox.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const MBOX = path.resolve(import.meta.dirname, '../../fixtures/corpus/roy-gmem-directmap-rfc-v1.mbox');
const SCHEMA = path.resolve(import.meta.dirname, '../data/sarif-2.1.0.json');
const opts = { ...OPTS, rules: RULES.map((r) => r.meta) };

/** The 2024 direct-map RFC (8 patches) through the whole pipeline, then every format. */
describe('reports of roy-gmem-directmap-rfc-v1.mbox', () => {
  let review: Review;
  beforeAll(async () => {
    review = await pipeline.review([MBOX]);
  }, 120_000);

  it('finds something to report on the RFC', () => {
    expect(review.series).toHaveLength(1);
    expect(review.series[0]!.patches).toHaveLength(8);
    expect(review.findings.length).toBeGreaterThan(0);
  });

  it('writes every format', () => {
    for (const f of FORMATS) expect(formatReview(review, f, opts).length, f).toBeGreaterThan(0);
  });

  it('text has one errorformat line per finding', () => {
    const lines = formatReview(review, 'text', opts).split('\n');
    expect(lines.filter((l) => /^[^:\s]+:\d+:1: (error|warning|info): .* \[[\w/-]+\]( \(\w+\))?$/.test(l))).toHaveLength(review.findings.length);
  });

  it('SARIF validates and json counts match', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    const log = JSON.parse(formatReview(review, 'sarif', opts)) as { runs: { results: unknown[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0]!.results).toHaveLength(review.findings.length);
    const doc = JSON.parse(formatReview(review, 'json', opts)) as { summary: { findings: number; patches: number } };
    expect(doc.summary).toMatchObject({ findings: review.findings.length, patches: 8 });
  });

  it('html holds every finding', () => {
    const html = formatReview(review, 'html', opts);
    for (let n = 1; n <= review.findings.length; n++) expect(html).toContain(`id="finding-${n}"`);
  });

  it('replies thread under the right patches, each comment under its quoted line', async () => {
    const replies = formatReplies(review, { from: REVIEWER, now: new Date('2026-11-22T10:00:00Z') });
    const messages: mail.Message[] = [];
    for await (const m of mail.readMessages(textSource('thread+replies.mbox', readFileSync(MBOX, 'utf8') + replies))) messages.push(m);
    const result = await seriesStage.assembleSeries(messages);
    const patches = result.series[0]!.patches;
    const withFindings = new Set(review.findings.map((f) => f.location.messageId).filter(Boolean));
    let checked = 0;
    for (const p of patches) {
      const mine = p.replies.filter((r) => r.author.address === REVIEWER.address);
      expect(mine.length, p.subject).toBe(withFindings.has(p.messageId) ? 1 : 0);
      for (const f of review.findings.filter((x) => x.location.messageId === p.messageId && x.location.file)) {
        const c = mine[0]!.comments.find((x) => x.text.join(' ').includes(`[${f.ruleId}]`) && x.quoted.at(-1)?.slice(1) === f.location.text);
        expect(c, `${f.ruleId} at ${f.location.file}:${f.location.line}`).toBeDefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
