import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessages } from '../../src/mail/index.js';
import { DEFAULT_MAX_INPUT_BYTES, InputError, openSources, type Source } from '../../src/source/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');
const MBOX = path.join(CORPUS, 'kalyazin-gmem-write-rfc-v2-2024.mbox');
const opts = { maxInputBytes: DEFAULT_MAX_INPUT_BYTES };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmreview-source-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function bytesOf(s: Source): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s.stream()) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function subjects(s: Source): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readMessages(s)) out.push(m.subject);
  return out;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as Error).message).not.toMatch(/\n/);
  return e as InputError;
}

describe('openSources: files', () => {
  it('streams an mbox file as it is', async () => {
    const [s] = await openSources([MBOX], opts);
    expect(s).toMatchObject({ name: MBOX, kind: 'mbox' });
    expect((await bytesOf(s!)).equals(fs.readFileSync(MBOX))).toBe(true);
  });

  it('detects gzip by its magic bytes, not by its name', async () => {
    const file = path.join(tmp, 'thread.mbox');
    fs.writeFileSync(file, zlib.gzipSync(fs.readFileSync(MBOX)));
    const [s] = await openSources([file], opts);
    expect(s!.kind).toBe('gzip');
    expect((await bytesOf(s!)).equals(fs.readFileSync(MBOX))).toBe(true);
    expect(await subjects(s!)).toHaveLength(4);
  });

  it('stops a gzip bomb once more than maxInputBytes came out', async () => {
    const file = path.join(tmp, 'bomb.gz');
    fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x41)));
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    const [s] = await openSources([file], { maxInputBytes: 1024 * 1024 });
    const e = await inputError(bytesOf(s!));
    expect(e.message).toBe(`${file}: decompressed size exceeds --max-input-bytes (1048576)`);
  });

  it('turns a corrupt gzip stream into an InputError', async () => {
    const file = path.join(tmp, 'broken.gz');
    fs.writeFileSync(file, zlib.gzipSync(Buffer.from('From: a@b\n\nx\n'.repeat(100))).subarray(0, 30));
    const [s] = await openSources([file], opts);
    const e = await inputError(bytesOf(s!));
    expect(e.input).toBe(file);
  });

  it('reads a directory of .patch and .eml files in name order', async () => {
    const dir = path.join(tmp, 'series');
    fs.mkdirSync(dir);
    const patch = (n: number) => `From: A <a@example.org>\nSubject: [PATCH ${n}/3] p${n}\n\nbody ${n}\n`;
    fs.writeFileSync(path.join(dir, '0003-c.patch'), patch(3));
    fs.writeFileSync(path.join(dir, '0001-a.patch'), patch(1));
    fs.writeFileSync(path.join(dir, '0002-b.eml'), patch(2));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a mail');
    fs.mkdirSync(path.join(dir, 'sub.patch'));
    const sources = await openSources([dir], opts);
    expect(sources.map((s) => path.basename(s.name))).toEqual(['0001-a.patch', '0002-b.eml', '0003-c.patch']);
    expect(sources.every((s) => s.kind === 'patch-file')).toBe(true);
    const all: string[] = [];
    for (const s of sources) all.push(...(await subjects(s)));
    expect(all).toEqual(['[PATCH 1/3] p1', '[PATCH 2/3] p2', '[PATCH 3/3] p3']);
  });

  it('refuses a directory without mail files, and missing or unreadable paths', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    expect((await inputError(openSources([empty], opts))).message).toBe(`${empty}: no *.patch or *.eml files in directory`);
    const missing = path.join(tmp, 'nope.mbox');
    expect((await inputError(openSources([missing], opts))).message).toBe(`${missing}: no such file or directory`);
    if (process.getuid?.() !== 0) {
      const locked = path.join(tmp, 'locked.mbox');
      fs.writeFileSync(locked, 'x');
      fs.chmodSync(locked, 0);
      expect((await inputError(openSources([locked], opts))).message).toBe(`${locked}: permission denied`);
    }
  });
});

describe('openSources: stdin', () => {
  it('reads `-` from the injected stream', async () => {
    const stdin = Readable.from([fs.readFileSync(MBOX).subarray(0, 100), fs.readFileSync(MBOX).subarray(100)]);
    const [s] = await openSources(['-'], { ...opts, stdin });
    expect(s).toMatchObject({ name: '-', kind: 'stdin' });
    expect(await subjects(s!)).toHaveLength(4);
  });

  it('decompresses gzip on stdin too, even when the magic bytes arrive one at a time', async () => {
    const gz = zlib.gzipSync(fs.readFileSync(MBOX));
    const stdin = Readable.from([gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2)]);
    const [s] = await openSources(['-'], { ...opts, stdin });
    expect((await bytesOf(s!)).equals(fs.readFileSync(MBOX))).toBe(true);
  });
});

describe('openSources: git range', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2024-07-09T13:20:00Z', GIT_COMMITTER_DATE: '2024-07-09T13:20:00Z' } }).trim();

  beforeAll(() => {
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Patch Author');
    git('config', 'user.email', 'author@example.org');
    fs.writeFileSync(path.join(repo, 'gmem.c'), 'int a;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('tag', 'base');
    for (const n of [1, 2]) {
      fs.appendFileSync(path.join(repo, 'gmem.c'), `int b${n};\n`);
      git('commit', '-q', '-am', `kvm: gmem: change ${n}\n\nSigned-off-by: Patch Author <author@example.org>`);
    }
  });

  it('gives the range as format-patch messages, read through simple-git', async () => {
    const sources = await openSources([], { ...opts, gitRange: 'base..HEAD', repo });
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ name: 'git:base..HEAD', kind: 'git' });
    const messages = [];
    for await (const m of readMessages(sources[0]!)) messages.push(m);
    expect(messages.map((m) => m.subject)).toEqual(['[PATCH 1/2] kvm: gmem: change 1', '[PATCH 2/2] kvm: gmem: change 2']);
    expect(messages[0]!.from).toEqual({ name: 'Patch Author', address: 'author@example.org' });
    expect(messages[1]!.body).toContain('+int b2;');
    expect(messages[0]!.date).toBe('2024-07-09T13:20:00.000Z');
  });

  it('yields nothing for an empty range', async () => {
    const [s] = await openSources([], { ...opts, gitRange: 'HEAD..HEAD', repo });
    expect(await bytesOf(s!)).toHaveLength(0);
  });

  it('turns a bad range, a bad revision or a non-repository into an InputError with git\'s reason', async () => {
    expect((await inputError(openSources([], { ...opts, gitRange: 'base', repo }))).message).toBe('git:base: expected a range A..B');
    const bad = await inputError(openSources([], { ...opts, gitRange: 'base..no-such-branch', repo }));
    expect(bad.input).toBe('git:base..no-such-branch');
    expect(bad.message).toMatch(/no-such-branch: (fatal: )?.*(Needed a single revision|unknown revision|not a commit)/);
    const notRepo = path.join(tmp, 'plain');
    fs.mkdirSync(notRepo);
    const e = await inputError(openSources([], { ...opts, gitRange: 'a..b', repo: notRepo }));
    expect(e.message).toMatch(/not a git repository|not a commit/i);
  });
});
