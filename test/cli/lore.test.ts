import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/run.js';
import type { CliIO } from '../../src/cli/types.js';
import { midEscape } from '../../src/source/index.js';
import { startLoreServer, type LoreServer } from '../source/lore-server.js';
import { CORPUS, noStack, pmreview, type Run } from './helpers.js';

const ROY = path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox');
const ROY_COVER = '20240709132041.3625501-1-roypat@amazon.co.uk';
const GUSHCHIN_V1 = '20250121200929.188542-1-roman.gushchin@linux.dev';
const GUSHCHIN_V2 = '20250122232716.1321171-1-roman.gushchin@linux.dev';

let server: LoreServer;
let tmp: string;
beforeAll(async () => {
  server = await startLoreServer(['--slow-ms', '5000']);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-lore-e2e-'));
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The built CLI with its cache in a directory of the test's own. */
function run(args: string[], opts: { cache?: string; env?: Record<string, string>; cwd?: string } = {}): Run {
  const cache = opts.cache ?? fs.mkdtempSync(path.join(tmp, 'cache-'));
  return pmreview(args, { cwd: opts.cwd, env: { XDG_CACHE_HOME: cache, PMREVIEW_LORE: '', ...opts.env } });
}

function findings(r: Run): string[] {
  const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string; line: number; subject: string } }[] };
  return doc.findings.map((f) => `${f.ruleId} ${f.location.subject} ${f.location.file}:${f.location.line}`);
}

async function fetchesOf(mid: string): Promise<number> {
  return (await server.requests()).filter((r) => r.path.includes(`/${midEscape(mid)}/`)).length;
}

function oneLineError(r: Run): string {
  expect(r.code).toBe(2);
  expect(noStack(r.stderr)).toBe(true);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe('pmreview check <Message-ID> --lore URL', () => {
  it('reviews the thread as it reviews the same thread from a file', () => {
    const fromFile = pmreview(['check', ROY, '--format', 'json']);
    const fromLore = run(['check', ROY_COVER, '--lore', server.url, '--format', 'json']);
    expect(fromLore.stderr).toBe('');
    expect(fromLore.code).toBe(fromFile.code);
    expect(findings(fromLore).length).toBeGreaterThan(0);
    expect(findings(fromLore)).toEqual(findings(fromFile));
  });

  it('takes the Message-ID with <>, with id:, and as a lore URL of the message, thread or mbox', () => {
    const want = run(['check', ROY_COVER, '--lore', server.url]).stdout;
    expect(want).toMatch(/errors?, \d+ warnings?/);
    for (const arg of [`<${ROY_COVER}>`, `id:${ROY_COVER}`, `https://lore.kernel.org/kvm/${ROY_COVER}/`, `https://lore.kernel.org/all/${ROY_COVER}/T/`, `https://lore.kernel.org/linux-mm/${ROY_COVER}/t.mbox.gz`]) {
      const r = run(['check', arg, '--lore', server.url]);
      expect(r.stdout).toBe(want);
    }
  });

  it('finds the server in PMREVIEW_LORE, then in .pmreview.json; --lore wins over both', () => {
    const closed = 'http://127.0.0.1:1';
    expect(run(['check', ROY_COVER, '--fail-on', 'never'], { env: { PMREVIEW_LORE: server.url } }).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(tmp, 'config-'));
    fs.writeFileSync(path.join(dir, '.pmreview.json'), JSON.stringify({ lore: server.url, failOn: 'none' }));
    expect(run(['check', ROY_COVER], { cwd: dir }).code).toBe(0);
    expect(run(['check', ROY_COVER, '--lore', server.url, '--fail-on', 'never'], { env: { PMREVIEW_LORE: closed } }).code).toBe(0);
    const r = run(['check', ROY_COVER, '--fail-on', 'never'], { env: { PMREVIEW_LORE: closed }, cwd: dir });
    expect(oneLineError(r)).toBe(`pmreview: ${closed}/all/${ROY_COVER}/t.mbox.gz: cannot connect: connection refused`);
    fs.writeFileSync(path.join(dir, '.pmreview.json'), JSON.stringify({ lore: 'ftp://x' }));
    expect(oneLineError(run(['check', ROY_COVER], { cwd: dir }))).toBe(`pmreview: ${path.join(fs.realpathSync(dir), '.pmreview.json')}: "lore" must be an http or https URL (got "ftp://x")`);
  });

  it('caches the thread under $XDG_CACHE_HOME/pmreview/lore; --no-cache fetches again', async () => {
    const cache = fs.mkdtempSync(path.join(tmp, 'xdg-'));
    const before = await fetchesOf(GUSHCHIN_V1);
    const first = run(['check', GUSHCHIN_V1, '--lore', server.url, '--format', 'json'], { cache });
    const second = run(['check', GUSHCHIN_V1, '--lore', server.url, '--format', 'json'], { cache });
    expect(second.stdout).toBe(first.stdout);
    expect(await fetchesOf(GUSHCHIN_V1)).toBe(before + 1);
    expect(fs.readdirSync(path.join(cache, 'pmreview', 'lore'), { recursive: true }).map(String)).toContain(path.join(`127.0.0.1_${new URL(server.url).port}_all`, `${GUSHCHIN_V1}.mbox`));
    run(['check', GUSHCHIN_V1, '--lore', server.url, '--no-cache'], { cache });
    expect(await fetchesOf(GUSHCHIN_V1)).toBe(before + 2);
  });

  it('every command that reads a series takes a Message-ID: series, map, reply', () => {
    const series = run(['series', ROY_COVER, '--lore', server.url]);
    expect(series.code).toBe(0);
    expect(series.stdout).toBe(pmreview(['series', ROY]).stdout.replaceAll(ROY, `${server.url}/all/${ROY_COVER}/t.mbox.gz`));
    const map = run(['map', `<${ROY_COVER}>`, '--lore', server.url]);
    expect(map.code).toBe(0);
    expect(map.stdout).toBe(pmreview(['map', ROY]).stdout);
    const out = path.join(tmp, 'replies.mbox');
    const reply = run(['reply', `id:${ROY_COVER}`, '--lore', server.url, '--from', 'R <r@example.org>', '-o', out]);
    expect(reply.code).toBe(0);
    // the replies answer the fetched patch mails
    const patchIds = [...fs.readFileSync(ROY, 'utf8').matchAll(/^Message-ID: <(.*-\d+-roypat@amazon\.co\.uk)>$/gm)].map((m) => m[1]);
    const answered = [...fs.readFileSync(out, 'utf8').matchAll(/^In-Reply-To: <(.*)>$/gm)].map((m) => m[1]);
    expect(answered.length).toBeGreaterThan(0);
    for (const id of answered) expect(patchIds).toContain(id);
  });
});

describe('pmreview check <Message-ID>: a server that fails is one line and exit status 2', () => {
  const url = (mid: string) => `${server.url}/all/${mid}/t.mbox.gz`;

  it('an unknown Message-ID', () => {
    expect(oneLineError(run(['check', 'no-such-message@example.org', '--lore', server.url]))).toBe(`pmreview: ${url('no-such-message@example.org')}: unknown Message-ID <no-such-message@example.org> (HTTP 404)`);
  });

  it('a server error, a timeout, a redirect away, an answer that is not an mbox, one too large', () => {
    expect(oneLineError(run(['check', 'status-500@pmreview.test', '--lore', server.url]))).toBe(`pmreview: ${url('status-500@pmreview.test')}: the server answered HTTP 500 Internal Server Error`);
    const t0 = Date.now();
    expect(oneLineError(run(['check', 'slow@pmreview.test', '--lore', server.url, '--timeout', '0.5']))).toBe(`pmreview: ${url('slow@pmreview.test')}: no answer in 0.5 s (--timeout)`);
    expect(Date.now() - t0).toBeLessThan(4500);
    expect(oneLineError(run(['check', 'away@pmreview.test', '--lore', server.url]))).toBe(`pmreview: ${url('away@pmreview.test')}: redirected to another host (http://elsewhere.invalid); refused`);
    expect(oneLineError(run(['check', 'html@pmreview.test', '--lore', server.url]))).toBe(`pmreview: ${url('html@pmreview.test')}: the answer is not an mbox (Content-Type text/html)`);
    expect(oneLineError(run(['check', 'bomb@pmreview.test', '--lore', server.url, '--max-input-bytes', '1000000']))).toBe(`pmreview: ${url('bomb@pmreview.test')}: decompressed size exceeds --max-input-bytes (1000000)`);
  });

  it('bad --lore, --timeout and --newer arguments are usage errors', () => {
    expect(oneLineError(run(['check', ROY_COVER, '--lore', 'lore.kernel.org']))).toBe('pmreview: --lore not a URL: "lore.kernel.org"');
    expect(oneLineError(run(['check', ROY_COVER, '--timeout', '0']))).toBe('pmreview: --timeout must be a positive number of seconds (got "0")');
    expect(oneLineError(run(['check', ROY, '--newer']))).toBe('pmreview: --newer needs a Message-ID or lore URL input');
  });
});

describe('--newer: later revisions from the server search (b4 am -c)', () => {
  it('says a newer version exists and reviews it; --all-versions reviews both', async () => {
    const r = run(['series', GUSHCHIN_V1, '--lore', server.url, '--newer']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`newer version on ${server.url}/all: v2 "[PATCH v2] mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()" <${GUSHCHIN_V2}>; reviewing v2`);
    expect(r.stdout).toMatch(/\[PATCH v2, 1\/1 patches\]/);
    expect(r.stdout).not.toMatch(/\[PATCH v1,/);
    const all = run(['series', GUSHCHIN_V1, '--lore', server.url, '--newer', '--all-versions']);
    expect(all.stdout).toMatch(/\[PATCH v1, 1\/1 patches\][\s\S]*\[PATCH v2, 1\/1 patches\]/);
    expect(all.stderr).toContain('reviewing every version');
    expect((await server.requests()).some((q) => q.method === 'POST' && q.path.startsWith('/all/?q=') && q.path.endsWith('&x=m'))).toBe(true);
  });

  it('says when there is none', () => {
    const r = run(['series', GUSHCHIN_V2, '--lore', server.url, '--newer']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`pmreview: ${server.url}/all/${GUSHCHIN_V2}/t.mbox.gz: no newer version of v2 "[PATCH v2] mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()" on ${server.url}/all\n`);
  });

  it('finds a revision by its change-id when the title changed, and takes it as the same series', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'changeid-'));
    const patch = (v: number, title: string, id: string, day: number) =>
      [
        'From mboxrd@z Thu Jan  1 00:00:00 1970',
        'From: Ann Author <ann@example.org>',
        `Subject: [PATCH${v > 1 ? ` v${v}` : ''}] ${title}`,
        `Date: Mon, ${day} Jan 2024 10:00:00 +0000`,
        `Message-ID: <${id}>`,
        '',
        'Make foo bar.',
        '',
        'Signed-off-by: Ann Author <ann@example.org>',
        '---',
        ' mm/foo.c | 1 +',
        '',
        'diff --git a/mm/foo.c b/mm/foo.c',
        '--- a/mm/foo.c',
        '+++ b/mm/foo.c',
        '@@ -1,1 +1,2 @@',
        ' int a;',
        `+int b${v};`,
        '',
        '---',
        'base-commit: 0123456789abcdef0123456789abcdef01234567',
        'change-id: 20240101-foo-bar-1a2b3c',
        '',
        '', // the blank line before the next "From " separator
      ].join('\n');
    fs.writeFileSync(path.join(dir, 'ann.mbox'), patch(1, 'mm: foo the bar', 'v1.ann@example.org', 1) + patch(2, 'mm: make foo bar', 'v2.ann@example.org', 5));
    const own = await startLoreServer(['--corpus', dir]);
    try {
      const r = run(['series', 'v1.ann@example.org', '--lore', own.url, '--newer']);
      expect(r.stderr).toContain('v2 "[PATCH v2] mm: make foo bar" <v2.ann@example.org>; reviewing v2');
      expect(r.stdout).toMatch(/^mm: make foo bar {2}\[PATCH v2, 1\/1 patches\]/);
      expect(r.stdout).not.toContain('mm: foo the bar');
      expect(r.stdout).toMatch(/^1 series, 1 patches, 2 messages read/m);
    } finally {
      await own.stop();
    }
  });
});

describe('progress', () => {
  async function inProcess(isTTY: boolean): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const io: CliIO = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s), isTTY },
      stdin: new PassThrough(),
      env: { XDG_CACHE_HOME: fs.mkdtempSync(path.join(tmp, 'tty-')) },
      cwd: tmp,
    };
    const code = await main(['check', GUSHCHIN_V1, '--lore', server.url, '--jobs', '1'], io);
    return { code, stderr };
  }

  it('goes to stderr when it is a terminal, and nowhere otherwise', async () => {
    const tty = await inProcess(true);
    expect(tty.stderr).toContain(`pmreview: fetching ${server.url}/all/${GUSHCHIN_V1}/t.mbox.gz\n`);
    expect(tty.stderr).toMatch(/kB received\n/);
    const pipe = await inProcess(false);
    expect(pipe.code).toBe(tty.code);
    expect(pipe.stderr).toBe('');
  });
});
