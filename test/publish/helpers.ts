import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DiffPatch, DiffSeries } from '../../src/diff/index.js';
import type { Severity } from '../../src/common/index.js';
import { placeFindings } from '../../src/review/index.js';
import type { Finding, Review } from '../../src/rules/index.js';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { FakeServer } from './fake-server.js';

export const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');

export interface PullFixture {
  patch: string;
  diff: string;
  headSha: string;
}

const BASE = Array.from({ length: 40 }, (_, i) => `\tline_${i + 1}();`);

/**
 * A two-commit topic branch made with real git: commit 1 edits
 * virt/kvm/guest_memfd.c and mm/secretmem.c, commit 2 adds to guest_memfd.c.
 */
export function makePull(): PullFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'pmreview-pull-'));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'A U Thor',
    GIT_AUTHOR_EMAIL: 'author@example.org',
    GIT_COMMITTER_NAME: 'A U Thor',
    GIT_COMMITTER_EMAIL: 'author@example.org',
    GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
    GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
  };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, encoding: 'utf8' });
  try {
    git('init', '-q');
    mkdirSync(path.join(dir, 'virt/kvm'), { recursive: true });
    mkdirSync(path.join(dir, 'mm'), { recursive: true });
    writeFileSync(path.join(dir, 'virt/kvm/guest_memfd.c'), ['int f(void)', '{', ...BASE, '}', ''].join('\n'));
    writeFileSync(path.join(dir, 'mm/secretmem.c'), ['int g(void)', '{', ...BASE, '}', ''].join('\n'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const gmem = ['int f(void)', '{', ...BASE.slice(0, 20), '\tset_direct_map_invalid_noflush(page);', ...BASE.slice(20), '}', ''];
    writeFileSync(path.join(dir, 'virt/kvm/guest_memfd.c'), gmem.join('\n'));
    writeFileSync(path.join(dir, 'mm/secretmem.c'), ['int g(void)', '{', ...BASE.slice(0, 30), '\tfolio_zap(folio);', ...BASE.slice(30), '}', ''].join('\n'));
    git('commit', '-q', '-a', '-m', 'kvm: gmem: remove folios from the direct map', '-m', 'Signed-off-by: A U Thor <author@example.org>');
    gmem.splice(38, 0, '\tflush_tlb_kernel_range(start, end);', '\tkvm_gmem_done();');
    writeFileSync(path.join(dir, 'virt/kvm/guest_memfd.c'), gmem.join('\n'));
    git('commit', '-q', '-a', '-m', 'kvm: gmem: flush after zapping', '-m', 'Signed-off-by: A U Thor <author@example.org>');
    return {
      patch: git('format-patch', '--stdout', 'HEAD~2..HEAD'),
      diff: git('diff', 'HEAD~2', 'HEAD'),
      headSha: git('rev-parse', 'HEAD').trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function finding(o: { ruleId?: string; file: string; line: number; text: string; patchIndex?: number; severity?: Severity; fingerprint?: string; side?: 'new' | 'old'; messageId?: string }): Finding {
  const ruleId = o.ruleId ?? 'R03';
  return {
    ruleId,
    category: 'tlb-flush-missing',
    severity: o.severity ?? 'error',
    message: `${ruleId} finding at ${o.file}:${o.line}`,
    fix: 'Flush the TLB for the range after zapping the direct map.',
    refs: ['DM-06'],
    fingerprint: o.fingerprint ?? `${ruleId}-${o.file.replace(/\W/g, '_')}-${o.line}`,
    location: { patchIndex: o.patchIndex ?? 1, subject: 'subject', file: o.file, line: o.line, side: o.side ?? 'new', text: o.text, messageId: o.messageId },
    evidence: [],
  };
}

/** A review as the review stage hands it over: with one series, every finding placed in it. */
export function reviewOf(findings: Finding[], series: DiffSeries[] = []): Review {
  return { series, findings: series.length === 1 ? placeFindings(findings, series[0]!, 0) : findings, diagnostics: [], touches: [], messages: series.length };
}

/** A series record holding only what publishers read: patch indexes, Message-IDs and hunks. */
export function seriesOf(patches: Partial<DiffPatch>[], coverId?: string): DiffSeries {
  return {
    id: 't v1',
    title: 't',
    version: 1,
    rfc: false,
    cover: coverId ? ({ messageId: coverId } as DiffSeries['cover']) : null,
    patches: patches.map((p, i) => ({ index: i + 1, files: [], ...p }) as DiffPatch),
    total: patches.length,
    missing: [],
    prerequisitePatchIds: [],
    author: { name: 'A', address: 'a@example.org' },
    diagnostics: [],
  };
}

/**
 * The fake GitHub a test file publishes to, serving `pull` as pull request 7:
 * started once, reset before each test (with the log lines cleared), and
 * checked after each that every request was one GitHub's REST description allows.
 */
export function fakeGithubFor(pull: PullFixture): { server: FakeServer; logs: string[] } {
  const server = new FakeServer();
  const logs: string[] = [];
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.pulls.set(7, { number: 7, headSha: pull.headSha, patch: pull.patch, diff: pull.diff });
    server.reset();
    logs.length = 0;
  });
  afterEach(() => {
    expect(server.violations).toEqual([]);
  });
  return { server, logs };
}
