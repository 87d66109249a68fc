import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleLinks } from '../../src/cli/rule-links.js';
import { UsageError } from '../../src/common/index.js';
import { ROOT, pmreview } from './helpers.js';

const page = (id: string) => pathToFileURL(path.join(ROOT, 'docs/rules', `${id}.md`)).href;

describe('ruleLinks: where reports send a reader for a rule', () => {
  it('with nothing declared or configured: no web page, the shipped page and its text', async () => {
    const links = await ruleLinks(undefined, {}, ROOT);
    expect(links.homeUrl).toBeUndefined();
    expect(links.docsUrl('R01')).toBeUndefined();
    expect(links.docsFile('R01')).toEqual({ url: page('R01'), text: fs.readFileSync(path.join(ROOT, 'docs/rules/R01.md'), 'utf8') });
    expect(links.docsFile('R99')).toBeUndefined();
    expect(links.docsFile('../../package')).toBeUndefined();
    // checkpatch's messages are the kernel's: its own page, always
    expect(links.docsUrl('checkpatch/LONG_LINE')).toBe('https://docs.kernel.org/dev-tools/checkpatch.html');
  });

  it('reads package.json\'s repository as npm does: GitHub, GitLab with a directory, shorthands', async () => {
    const gh = await ruleLinks(undefined, { repository: 'github:owner/tool' }, ROOT);
    expect(gh.homeUrl).toBe('https://github.com/owner/tool');
    expect(gh.docsUrl('R01')).toBe('https://github.com/owner/tool/blob/HEAD/docs/rules/R01.md');
    const gl = await ruleLinks(undefined, { repository: { type: 'git', url: 'git+https://gitlab.com/group/tools.git', directory: 'pmreview/' }, homepage: 'https://tools.example.org/pmreview' }, ROOT);
    expect(gl.homeUrl).toBe('https://tools.example.org/pmreview');
    expect(gl.docsUrl('R02')).toBe('https://gitlab.com/group/tools/tree/HEAD/pmreview/docs/rules/R02.md');
  });

  it('a homepage or an unknown host gives a home page but no guessed rule page', async () => {
    const home = await ruleLinks(undefined, { homepage: 'https://tools.example.org/' }, ROOT);
    expect([home.homeUrl, home.docsUrl('R01')]).toEqual(['https://tools.example.org/', undefined]);
    const other = await ruleLinks(undefined, { repository: 'https://git.example.org/kernel/pmreview.git' }, ROOT);
    expect([other.homeUrl, other.docsUrl('R01')]).toEqual(['https://git.example.org/kernel/pmreview', undefined]);
  });

  it('a configured docs URL (an organisation\'s mirror) wins: {id} replaced, else <id>.md appended', async () => {
    const t = await ruleLinks({ value: 'https://docs.example.org/pm/{id}.html', from: '--docs-url' }, { repository: 'github:owner/tool' }, ROOT);
    expect(t.docsUrl('R03')).toBe('https://docs.example.org/pm/R03.html');
    expect(t.homeUrl).toBe('https://github.com/owner/tool');
    const base = await ruleLinks({ value: 'file:///srv/pmreview/docs/rules/', from: '--docs-url' }, {}, ROOT);
    expect(base.docsUrl('R03')).toBe('file:///srv/pmreview/docs/rules/R03.md');
    await expect(ruleLinks({ value: 'docs/rules', from: '--docs-url' }, {}, ROOT)).rejects.toBeInstanceOf(UsageError);
    await expect(ruleLinks({ value: 'ftp://x.example.org/', from: 'x: "docsUrl"' }, {}, ROOT)).rejects.toThrow('x: "docsUrl" must be an http, https or file URL (got "ftp://x.example.org/")');
  });
});

describe('pmreview check: rule links of the installed package', () => {
  const example = path.join(ROOT, 'examples/direct-map-series');

  it('package.json declares no home today, so SARIF points at the shipped pages, never a made-up URL', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.homepage ?? pkg.repository).toBeUndefined();
    const sarif = JSON.parse(pmreview(['check', example, '--format', 'sarif']).stdout);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.informationUri).toBeUndefined();
    const r01 = driver.rules.find((r: { id: string }) => r.id === 'R01');
    expect(r01.helpUri).toBe(page('R01'));
    expect(r01.help.markdown).toBe(fs.readFileSync(path.join(ROOT, 'docs/rules/R01.md'), 'utf8'));
    for (const r of driver.rules) expect(fs.existsSync(new URL(r.helpUri))).toBe(true);
  });

  it('--docs-url and "docsUrl" in .pmreview.json point every format at a mirror', () => {
    const md = pmreview(['check', example, '--format', 'markdown', '--docs-url', 'https://docs.example.org/pmreview/{id}']);
    expect(md.stdout).toMatch(/\[R01\]\(https:\/\/docs\.example\.org\/pmreview\/R01\)/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-links-'));
    fs.writeFileSync(path.join(dir, '.pmreview.json'), JSON.stringify({ docsUrl: 'https://mirror.example.org/rules/' }));
    const rd = JSON.parse(pmreview(['check', example, '--format', 'rdjson'], { cwd: dir }).stdout);
    expect(rd.diagnostics[0].code.url).toMatch(/^https:\/\/mirror\.example\.org\/rules\/R\d\d\.md$/);
    const html = pmreview(['check', example, '--format', 'html', '--docs-url', 'https://docs.example.org/r/{id}'], { cwd: dir }).stdout;
    expect(html).toContain('href="https://docs.example.org/r/R01"');
    expect(html).not.toContain('class="rule-page"');
    const bad = pmreview(['check', example, '--docs-url', 'rules/'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('pmreview: --docs-url must be a URL, e.g. https://docs.example.org/pmreview/rules/{id}.html (got "rules/")\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
