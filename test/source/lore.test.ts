import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessages } from '../../src/mail/index.js';
import {
  DEFAULT_MAX_INPUT_BYTES,
  InputError,
  cachePath,
  loreSearchSource,
  loreThreadSource,
  midEscape,
  newerQuery,
  openSources,
  parseLoreInput,
  threadUrl,
  type LoreOptions,
  type Source,
} from '../../src/source/index.js';
import { startLoreServer, type LoreServer } from './lore-server.js';

const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');
const ROY = path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox');
const ROY_COVER = '20240709132041.3625501-1-roypat@amazon.co.uk';
const GUSHCHIN = path.join(CORPUS, 'gushchin-mmu-gather-pfnmap-flush-v1-v2-2025.mbox');
const GUSHCHIN_V1 = '20250121200929.188542-1-roman.gushchin@linux.dev';

let server: LoreServer;
let tmp: string;
beforeAll(async () => {
  server = await startLoreServer(['--slow-ms', '5000']);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-lore-'));
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function options(extra: Partial<LoreOptions> = {}): LoreOptions {
  return { server: server.url, maxInputBytes: DEFAULT_MAX_INPUT_BYTES, timeoutMs: 5000, ...extra };
}

async function messagesOf(s: Source): Promise<{ id?: string; subject: string }[]> {
  const out: { id?: string; subject: string }[] = [];
  for await (const m of readMessages(s)) out.push({ id: m.messageId, subject: m.subject });
  return out;
}

async function fileMessages(file: string) {
  const [s] = await openSources([file], { maxInputBytes: DEFAULT_MAX_INPUT_BYTES });
  return messagesOf(s!);
}

async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  const message = (e as Error).message;
  expect(message).not.toMatch(/\n/);
  return message;
}

async function requestsFor(mid: string): Promise<number> {
  return (await server.requests()).filter((r) => r.path.includes(midEscape(mid))).length;
}

describe('parseLoreInput: what b4 accepts as a Message-ID', () => {
  it('reads bare, bracketed and id: Message-IDs', () => {
    for (const arg of [ROY_COVER, `<${ROY_COVER}>`, `id:${ROY_COVER}`, `rfc822msgid:${ROY_COVER}`, ` <${ROY_COVER}> `]) {
      expect(parseLoreInput(arg)).toEqual({ messageId: ROY_COVER });
    }
  });

  it('reads lore URLs: the message, its thread, its mbox, with the Message-ID unescaped', () => {
    for (const tail of ['/', '', '/T/', '/t/', '/t.mbox.gz', '/raw', '/#r']) {
      expect(parseLoreInput(`https://lore.kernel.org/linux-mm/${ROY_COVER}${tail}`)).toEqual({
        messageId: ROY_COVER,
        url: { origin: 'https://lore.kernel.org', inbox: 'linux-mm' },
      });
    }
    expect(parseLoreInput('https://lore.kernel.org/all/a%2Fb%40c.example/T/')?.messageId).toBe('a/b@c.example');
    expect(parseLoreInput('https://lore.kernel.org/r/x@y')?.url?.inbox).toBe('r');
  });

  it('leaves paths and other words alone', () => {
    for (const arg of ['thread.mbox', 'outgoing/', '-', 'a@b/c.mbox', 'https://lore.kernel.org/linux-mm/', 'two words@x', 'a@b@c', '<>']) {
      expect(parseLoreInput(arg)).toBeUndefined();
    }
  });

  it('builds the t.mbox.gz URL: configured server, else the URL\'s own server, else lore.kernel.org', () => {
    expect(parseLoreInput('https://inbox.example.org/kvm/a/b@c/T/')).toBeUndefined();
    const u = parseLoreInput('https://inbox.example.org/kvm/a%2Fb@c/T/')!;
    expect(threadUrl(u)).toBe('https://inbox.example.org/kvm/a%2Fb@c/t.mbox.gz');
    expect(threadUrl(u, 'http://127.0.0.1:9/mirror/')).toBe('http://127.0.0.1:9/mirror/all/a%2Fb@c/t.mbox.gz');
    expect(threadUrl(parseLoreInput(`https://lore.kernel.org/kvm/${ROY_COVER}/`)!)).toBe(`https://lore.kernel.org/all/${ROY_COVER}/t.mbox.gz`);
    expect(threadUrl({ messageId: 'x+y=z$1 %@h' })).toBe('https://lore.kernel.org/all/x+y=z$1%20%25@h/t.mbox.gz');
  });
});

describe('loreThreadSource over HTTP (a public-inbox-compatible server on 127.0.0.1)', () => {
  it('fetches the whole thread of a Message-ID: the messages the corpus file holds', async () => {
    const s = await loreThreadSource({ messageId: ROY_COVER }, options());
    expect(s).toMatchObject({ kind: 'lore', name: `${server.url}/all/${ROY_COVER}/t.mbox.gz` });
    expect(await messagesOf(s)).toEqual(await fileMessages(ROY));
  });

  it('fetches only the thread the Message-ID is in, from any message of it', async () => {
    const reply = (await fileMessages(GUSHCHIN)).find((m) => m.subject.startsWith('Re: [PATCH]'))!;
    const thread = await messagesOf(await loreThreadSource({ messageId: reply.id! }, options()));
    expect(thread.map((m) => m.subject).every((s) => !s.includes('v2'))).toBe(true);
    expect(thread.map((m) => m.id)).toContain(GUSHCHIN_V1);
    expect(thread.length).toBeLessThan((await fileMessages(GUSHCHIN)).length);
  });

  it('caches a thread by Message-ID for an hour: the second open asks the server nothing', async () => {
    const cacheDir = path.join(tmp, 'cache-1');
    const before = await requestsFor(GUSHCHIN_V1);
    const first = await loreThreadSource({ messageId: GUSHCHIN_V1 }, options({ cacheDir }));
    const file = cachePath(cacheDir, { messageId: GUSHCHIN_V1 }, server.url);
    expect(fs.existsSync(file)).toBe(true);
    expect(path.basename(file)).toBe(`${GUSHCHIN_V1}.mbox`);
    const second = await loreThreadSource({ messageId: GUSHCHIN_V1 }, options({ cacheDir }));
    expect(await requestsFor(GUSHCHIN_V1)).toBe(before + 1);
    expect(await messagesOf(second)).toEqual(await messagesOf(first));
    // an hour later (or maxAgeMs 0) it is fetched again
    const old = new Date(Date.now() - 61 * 60 * 1000);
    fs.utimesSync(file, old, old);
    await loreThreadSource({ messageId: GUSHCHIN_V1 }, options({ cacheDir }));
    expect(await requestsFor(GUSHCHIN_V1)).toBe(before + 2);
    // without a cache directory (--no-cache) every open fetches
    await loreThreadSource({ messageId: GUSHCHIN_V1 }, options());
    expect(await requestsFor(GUSHCHIN_V1)).toBe(before + 3);
  });

  it('follows a redirect on the same server', async () => {
    const s = await loreThreadSource({ messageId: 'here@pmreview.test' }, options());
    expect((await messagesOf(s)).length).toBeGreaterThan(0);
  });

  it('reports progress only through the callback it is given', async () => {
    const lines: string[] = [];
    await loreThreadSource({ messageId: ROY_COVER }, options({ progress: (l) => lines.push(l) }));
    expect(lines[0]).toBe(`fetching ${server.url}/all/${ROY_COVER}/t.mbox.gz`);
    expect(lines.at(-1)).toMatch(/kB received$/);
  });
});

describe('loreThreadSource: what goes wrong is one line naming the URL', () => {
  const url = (mid: string) => `${server.url}/all/${mid}/t.mbox.gz`;

  it('an unknown Message-ID (404)', async () => {
    expect(await failure(loreThreadSource({ messageId: 'no-such-message@example.org' }, options()))).toBe(
      `${url('no-such-message@example.org')}: unknown Message-ID <no-such-message@example.org> (HTTP 404)`,
    );
  });

  it('a server error, with its status', async () => {
    expect(await failure(loreThreadSource({ messageId: 'status-500@pmreview.test' }, options()))).toBe(`${url('status-500@pmreview.test')}: the server answered HTTP 500 Internal Server Error`);
  });

  it('no answer within the timeout, before the headers and in the middle of the body', async () => {
    const cacheDir = path.join(tmp, 'cache-timeout');
    for (const mid of ['slow@pmreview.test', 'stall@pmreview.test']) {
      const t0 = Date.now();
      expect(await failure(loreThreadSource({ messageId: mid }, options({ timeoutMs: 300, cacheDir })))).toBe(`${url(mid)}: no answer in 0.3 s (--timeout)`);
      expect(Date.now() - t0).toBeLessThan(4000);
    }
    expect(fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.mbox'))).toEqual([]);
  });

  it('an answer that expands past --max-input-bytes stops mid-download and is not cached', async () => {
    const cacheDir = path.join(tmp, 'cache-bomb');
    expect(await failure(loreThreadSource({ messageId: 'bomb@pmreview.test' }, options({ maxInputBytes: 1024 * 1024, cacheDir })))).toBe(
      `${url('bomb@pmreview.test')}: decompressed size exceeds --max-input-bytes (1048576)`,
    );
    expect(fs.readdirSync(cacheDir, { recursive: true }).filter((f) => /\.(mbox|part)$/.test(String(f)))).toEqual([]);
  });

  it('an answer that is not an mbox, or nothing at all', async () => {
    expect(await failure(loreThreadSource({ messageId: 'html@pmreview.test' }, options()))).toBe(`${url('html@pmreview.test')}: the answer is not an mbox (Content-Type text/html)`);
    expect(await failure(loreThreadSource({ messageId: 'empty@pmreview.test' }, options()))).toBe(`${url('empty@pmreview.test')}: the server answered nothing`);
  });

  it('a gzip cut short is refused, not cached as a thread', async () => {
    const cacheDir = path.join(tmp, 'cache-truncated');
    expect(await failure(loreThreadSource({ messageId: 'truncated@pmreview.test' }, options({ cacheDir })))).toMatch(/: cannot decompress: /);
    expect(fs.readdirSync(cacheDir, { recursive: true }).filter((f) => /\.(mbox|part)$/.test(String(f)))).toEqual([]);
  });

  it('a redirect to another host is refused without following it', async () => {
    expect(await failure(loreThreadSource({ messageId: 'away@pmreview.test' }, options()))).toBe(`${url('away@pmreview.test')}: redirected to another host (http://elsewhere.invalid); refused`);
  });

  it('a server that is not there', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect(await failure(loreThreadSource({ messageId: ROY_COVER }, options({ server: `http://127.0.0.1:${port}` })))).toBe(
      `http://127.0.0.1:${port}/all/${ROY_COVER}/t.mbox.gz: cannot connect: connection refused`,
    );
  });
});

describe('loreSearchSource: the server search --newer asks', () => {
  it('POSTs the query with x=m and reads the matching messages; a GET would be an HTML page', async () => {
    const q = newerQuery({ title: 'mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()', from: 'roman.gushchin@linux.dev', date: '2025-01-21T20:09:29.000Z' });
    expect(q).toBe('(s:"mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()" AND f:"roman.gushchin@linux.dev") AND d:20250121..');
    const s = await loreSearchSource(`${server.url}/all`, q, options());
    const subjects = (await messagesOf(s!)).map((m) => m.subject);
    expect(subjects).toContain('[PATCH v2] mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()');
    expect(subjects).toContain('[PATCH] mmu_gather: move tlb flush for VM_PFNMAP/VM_MIXEDMAP vmas into free_pgtables()');
    const get = await fetch(`${server.url}/all/?q=${encodeURIComponent(q)}&x=m`);
    expect(get.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('nothing found (404 "No results found") is no source, not an error', async () => {
    expect(await loreSearchSource(`${server.url}/all`, newerQuery({ title: 'no such series anywhere', from: 'nobody@example.org' }), options())).toBeUndefined();
  });

  it('asks by change-id as well when the series has one', () => {
    expect(newerQuery({ changeId: '20240101-topic-abc123', title: 'a "b"', from: 'x@y', date: '2024-01-01T00:00:00Z' })).toBe(
      '(nq:"change-id: 20240101-topic-abc123" OR (s:"a b" AND f:"x@y")) AND d:20240101..',
    );
  });
});

describe('openSources with Message-ID inputs', () => {
  it('opens a Message-ID or lore URL that names no file as its thread', async () => {
    const [a, b] = await openSources([`<${ROY_COVER}>`, `https://lore.kernel.org/kvm/${ROY_COVER}/T/`], { maxInputBytes: DEFAULT_MAX_INPUT_BYTES, lore: { server: server.url } });
    expect(a!.kind).toBe('lore');
    expect(b!.name).toBe(a!.name);
    expect(await messagesOf(b!)).toEqual(await fileMessages(ROY));
  });

  it('a file of that name wins', async () => {
    const file = path.join(tmp, 'a@b.example');
    fs.copyFileSync(ROY, file);
    const [s] = await openSources([file], { maxInputBytes: DEFAULT_MAX_INPUT_BYTES, lore: { server: 'http://127.0.0.1:1' } });
    expect(s!.kind).toBe('mbox');
  });
});
