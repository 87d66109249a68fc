import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS, P1_FILE, P2_FILE } from './review-fixture.js';

// ajv-formats is CommonJS: its default export arrives as module.exports or under .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../data/sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;

function validator(): (doc: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(SCHEMA);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('sarif', () => {
  const validate = validator();
  const log = JSON.parse(formatReview(makeReview(), 'sarif', OPTS)) as Obj;
  const run = log.runs[0] as Obj;

  it('validates against the official SARIF 2.1.0 schema (draft-07)', () => {
    expect(SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(validate(log)).toEqual([]);
  });

  it('is rejected by the schema when broken, so the validation is real', () => {
    const bad = structuredClone(log);
    bad.runs[0].results[0].level = 'fatal';
    delete bad.runs[0].tool.driver.name;
    expect(validate(bad).length).toBeGreaterThanOrEqual(2);
  });

  it('describes the tool and every rule with its docs page, level and category tag', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const d = run.tool.driver;
    expect(d).toMatchObject({ name: 'pmreview', version: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    expect(d.rules.map((r: Obj) => r.id)).toEqual(['R03', 'R26', 'R27', 'R17']);
    expect(d.rules[0]).toMatchObject({
      id: 'R03', name: 'direct-map-zap-without-flush', shortDescription: { text: 'Direct-map removal without a TLB flush.' },
      helpUri: 'https://docs.example.org/pmreview/rules/R03.md', defaultConfiguration: { level: 'error' },
      properties: { tags: ['tlb-flush-missing'] },
    });
    expect(d.rules[0].fullDescription.text).toContain('Flush the kernel TLB range.');
    expect(d.rules[2].defaultConfiguration.level).toBe('note');
  });

  it('gives every result the fields GitHub code scanning needs', () => {
    const rules = run.tool.driver.rules as Obj[];
    expect(run.results).toHaveLength(4);
    for (const r of run.results as Obj[]) {
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.message.text.length).toBeGreaterThan(0);
      const pl = r.locations[0].physicalLocation;
      expect(pl.artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:/);
      expect(pl.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.partialFingerprints['pmreview/v1']).toMatch(/^fp-/);
    }
    const [r03, r26, r27, r17] = run.results as Obj[];
    expect(r03).toMatchObject({ ruleId: 'R03', level: 'error' });
    expect(r03.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: P1_FILE, uriBaseId: '%SRCROOT%' },
      region: { startLine: 13, snippet: { text: '\tret = set_direct_map_invalid_noflush(folio_page(folio, 0));' } },
    });
    expect(r03.relatedLocations).toEqual([
      expect.objectContaining({ id: 1, physicalLocation: expect.objectContaining({ artifactLocation: { uri: P2_FILE, uriBaseId: '%SRCROOT%' }, region: expect.objectContaining({ startLine: 302 }) }) }),
    ]);
    expect(r26.level).toBe('warning');
    expect(r26.properties.side).toBe('old');
    expect(r27.level).toBe('note');
    // A point about a whole patch is pinned to its first changed line.
    expect(r17.locations[0].physicalLocation.region).toEqual({ startLine: 301 });
    expect(r17.properties.patchLevel).toBe(true);
  });

  it('reports input diagnostics as tool notifications and escapes odd paths', () => {
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'warning', message: { text: expect.stringContaining('undecodable') } });
    const r = makeReview();
    r.findings[0]!.location = { ...r.findings[0]!.location, file: 'dir with space/a#b.c' };
    const odd = JSON.parse(formatReview(r, 'sarif', OPTS)) as Obj;
    expect(odd.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/a%23b.c');
    expect(validate(odd)).toEqual([]);
  });

  it('stays valid with no findings at all', () => {
    const empty = JSON.parse(formatReview({ ...makeReview(), findings: [], diagnostics: [] }, 'sarif', OPTS)) as Obj;
    expect(empty.runs[0].results).toEqual([]);
    expect(validate(empty)).toEqual([]);
  });
});
