import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS, SHIPPED_OPTS } from './review-fixture.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../data/sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IDS = ['R03', 'R26', 'R27', 'R17'];

describe('rule links with a web page (a docs mirror or the home package.json names)', () => {
  it('every format links each rule to it, and names the home page', () => {
    const md = formatReview(makeReview(), 'markdown', OPTS);
    for (const id of IDS) expect(md).toContain(`[${id}](https://docs.example.org/pmreview/rules/${id}.md)`);
    expect(md).not.toContain('pmreview explain');
    const sarif = JSON.parse(formatReview(makeReview(), 'sarif', OPTS)) as Obj;
    const driver = sarif.runs[0].tool.driver;
    expect(driver.informationUri).toBe('https://pmreview.example.org/');
    expect(driver.rules.map((r: Obj) => r.helpUri)).toEqual(IDS.map((id) => `https://docs.example.org/pmreview/rules/${id}.md`));
    expect(driver.rules[0].help).toEqual({ text: 'Flush the kernel TLB range.' });
    const rd = JSON.parse(formatReview(makeReview(), 'rdjson', OPTS)) as Obj;
    expect(rd.source).toEqual({ name: 'pmreview', url: 'https://pmreview.example.org/' });
    expect(rd.diagnostics[0].code).toEqual({ value: 'R03', url: 'https://docs.example.org/pmreview/rules/R03.md' });
    const html = formatReview(makeReview(), 'html', OPTS);
    expect(html).toContain('<a class="rule" href="https://docs.example.org/pmreview/rules/R03.md">R03</a>');
    expect(html).not.toContain('id="rules"');
  });
});

describe('rule links with no web page: the pages shipped with pmreview', () => {
  const review = makeReview();

  it('markdown links nowhere (a file: URL means nothing in a PR comment) and names pmreview explain', () => {
    const md = formatReview(review, 'markdown', SHIPPED_OPTS);
    expect(md).toContain('#### 1. error: `R03` `tlb-flush-missing`');
    expect(md).not.toMatch(/\]\((https?|file):/);
    expect(md).toContain("Each rule's page: `pmreview explain <id>` prints it (`docs/rules/<id>.md` in the installed pmreview).");
  });

  it('SARIF: helpUri is the shipped page, help carries the page itself, no informationUri; still valid SARIF', () => {
    const log = JSON.parse(formatReview(review, 'sarif', SHIPPED_OPTS)) as Obj;
    const driver = log.runs[0].tool.driver;
    expect(driver).not.toHaveProperty('informationUri');
    expect(driver.rules[0]).toMatchObject({
      helpUri: 'file:///opt/pmreview/docs/rules/R03.md',
      help: { text: "Flush the kernel TLB range. (pmreview explain R03 prints the rule's page.)", markdown: '# R03 <page>\n\nWhy & how.\n' },
    });
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(SCHEMA);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  it('rdjson: the code links the shipped page; the source has no URL', () => {
    const rd = JSON.parse(formatReview(review, 'rdjson', SHIPPED_OPTS)) as Obj;
    expect(rd.source).toEqual({ name: 'pmreview' });
    expect(rd.diagnostics[0].code).toEqual({ value: 'R03', url: 'file:///opt/pmreview/docs/rules/R03.md' });
    const line = JSON.parse(formatReview(review, 'rdjsonl', SHIPPED_OPTS).split('\n')[0]!) as Obj;
    expect(line.source).toEqual({ name: 'pmreview' });
  });

  it('HTML embeds each rule page it mentions and links the rule id to it', () => {
    const html = formatReview(review, 'html', SHIPPED_OPTS);
    expect(html).toContain('<a class="rule" href="#rule-R03">R03</a>');
    for (const id of IDS) {
      expect(html).toContain(`<section class="rule-page" id="rule-${id}"><h3>${id}</h3>`);
      expect(html).toContain(`<code>pmreview explain ${id}</code> prints this page; it ships with pmreview as <a href="file:///opt/pmreview/docs/rules/${id}.md">docs/rules/${id}.md</a>.`);
    }
    expect(html).toContain('<pre># R03 &lt;page&gt;\n\nWhy &amp; how.\n</pre>');
    expect(html.match(/class="rule-page"/g)).toHaveLength(IDS.length);
  });

  it('a rule with neither a web page nor a shipped one is named without a link', () => {
    const bare = { ...SHIPPED_OPTS, docsFile: () => undefined };
    expect(formatReview(review, 'html', bare)).toContain('<a class="rule">R03</a>');
    expect(JSON.parse(formatReview(review, 'rdjson', bare)).diagnostics[0].code).toEqual({ value: 'R03' });
    expect(JSON.parse(formatReview(review, 'sarif', bare)).runs[0].tool.driver.rules[0]).not.toHaveProperty('helpUri');
  });
});
