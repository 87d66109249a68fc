import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS } from './review-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run) and must run this test; elsewhere a missing browser skips it, saying so.
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for the HTML test`);
if (!HAVE_CHROMIUM) console.warn(`test/report/html.test.ts: headless tests skipped, ${CHROMIUM} is missing (apt-get install chromium)`);
const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

describe('html (static)', () => {
  const html = formatReview(makeReview(), 'html', { ...OPTS, map: 'patch 1: direct-map remove <set_direct_map_invalid_noflush>' });

  it('is one file with no external assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link\b|<img\b|\ssrc=|url\(|@import/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('stripes a map cell where a patch plays several roles, and gives every patch a row', () => {
    const r = makeReview();
    r.touches.push({ ...r.touches[0]!, symbol: 'set_direct_map_default_noflush', role: 'restore' });
    r.touches = r.touches.filter((t) => t.location.patchIndex === 1);
    const page = formatReview(r, 'html', OPTS);
    expect(page).toContain('data-roles="remove restore" style="background:linear-gradient(90deg, #d64545 0.0% 50.0%, #3a9d5d 50.0% 100.0%)');
    expect(page.match(/class="map-row-head"/g)).toHaveLength(2);
  });

  it('escapes diff text, messages and the map text', () => {
    expect(html).toContain('/* &lt;script&gt;alert(1)&lt;/script&gt; */');
    expect(html).toContain('&lt;without&gt; a TLB flush | stale &amp; wrong');
    expect(html).toContain('&lt;set_direct_map_invalid_noflush&gt;');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];
  const review = makeReview();

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(formatReview(review, 'html', { ...OPTS, map: 'text map' }), { waitUntil: 'load' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders without console errors or network requests', async () => {
    expect(await page.title()).toBe('pmreview: direct map removal for guest_memfd v1');
    expect(await page.locator('section.patch').count()).toBe(2);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(existsSync(path.join(ARTIFACTS, 'report.png'))).toBe(true);
  });

  it('shows every finding, right under the row of its line', async () => {
    for (let n = 1; n <= review.findings.length; n++) {
      const box = await page.locator(`#finding-${n}`).boundingBox();
      expect(box, `finding-${n}`).not.toBeNull();
      expect(box!.height).toBeGreaterThan(0);
      const lineId = await page.locator(`#finding-${n}`).evaluate((el) => {
        const row = el.closest('tr.finding-row');
        if (!row) return null;
        // The finding row must follow its line's row directly.
        const prev = row.previousElementSibling;
        if (prev?.id !== row.getAttribute('data-line')) return `not after its line: ${prev?.id}`;
        return row.getAttribute('data-line');
      });
      const f = review.findings[n - 1]!;
      if (!f.location.file) {
        // A point about the whole patch sits at the top of the patch's section.
        expect(lineId).toBeNull();
        expect(await page.locator(`#patch-0-${f.location.patchIndex} .patch-findings #finding-${n}`).count()).toBe(1);
        continue;
      }
      expect(lineId).toMatch(/^L0-/);
      const line = await page.locator(`#${lineId}`).boundingBox();
      expect(line).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(line!.y + line!.height - 1);
      expect(box!.y - (line!.y + line!.height)).toBeLessThan(30);
      const text = await page.locator(`#${lineId} td.code`).innerText();
      expect(text.slice(1)).toBe(f.location.text);
    }
  });

  it('draws the design map as a patch × concept grid coloured by role', async () => {
    const heads = await page.locator('#design-map .map-head').allInnerTexts();
    expect(heads).toEqual(['patch', 'guest-memfd', 'direct-map', 'folio']);
    expect(await page.locator('#design-map .map-cell').count()).toBe(2 * 3);
    const cell = page.locator('#design-map .map-cell[data-concept="direct-map"]').first();
    expect(await cell.getAttribute('data-role')).toBe('remove');
    expect(await cell.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe('rgb(214, 69, 69)');
    for (const box of await Promise.all((await page.locator('#design-map .map-cell').all()).map((c) => c.boundingBox()))) {
      expect(box!.width).toBeGreaterThan(20);
    }
  });

  it('keeps hostile diff text as text', async () => {
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('td.code', { hasText: '/* <script>alert(1)</script> */' }).count()).toBe(1);
  });

  it('filters findings by severity', async () => {
    await page.locator('.filters input[data-severity="error"]').uncheck();
    expect(await page.locator('#finding-1').isVisible()).toBe(false);
    expect(await page.locator('#finding-2').isVisible()).toBe(true);
    await page.locator('.filters input[data-severity="error"]').check();
    expect(await page.locator('#finding-1').isVisible()).toBe(true);
  });
});
