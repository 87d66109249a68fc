import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/types.js';
import { UsageError } from '../../src/common/index.js';
import { github, formatPlannedReview, GITHUB_HELP } from '../../src/cli/commands/github.js';
import { patchwork } from '../../src/cli/commands/patchwork.js';
import { b4Check } from '../../src/cli/commands/b4-check.js';

/** What the commands check before any input is read: usage, tokens, help. */
function io(env: Record<string, string | undefined> = {}): CliIO & { text(): string } {
  const out: string[] = [];
  return { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, stdin: Readable.from(['']), env, cwd: process.cwd(), text: () => out.join('') };
}

describe('pmreview github / patchwork / b4-check usage', () => {
  it('--help prints the usage and exits 0', async () => {
    for (const cmd of [github, patchwork, b4Check]) {
      const o = io();
      expect(await cmd(['--help'], o)).toBe(0);
      expect(o.text()).toMatch(/^Usage: pmreview (github|patchwork|b4-check)/);
    }
    expect(GITHUB_HELP).toContain('--token-env NAME');
  });

  it('github: repo, pr and a token are required (one line, exit 2 through UsageError)', async () => {
    await expect(github(['--pr', '1'], io({ GITHUB_TOKEN: 'x' }))).rejects.toThrow(new UsageError('pmreview github: --repo OWNER/NAME is required'));
    await expect(github(['--repo', 'a/b', '--pr', 'x'], io({ GITHUB_TOKEN: 'x' }))).rejects.toThrow(/--pr N/);
    await expect(github(['--repo', 'a/b', '--pr', '3'], io())).rejects.toThrow('pmreview github: no token in $GITHUB_TOKEN (set it, or use --dry-run)');
    await expect(github(['--repo', 'a/b', '--pr', '3', '--token-env', 'MY_TOKEN'], io({ GITHUB_TOKEN: 'x' }))).rejects.toThrow(/no token in \$MY_TOKEN/);
    await expect(github(['--repo', 'a/b', '--pr', '3', '--fail-on', 'sometimes'], io({ GITHUB_TOKEN: 'x' }))).rejects.toThrow(/--fail-on must be one of/);
    await expect(github(['--bogus'], io())).rejects.toBeInstanceOf(UsageError);
  });

  it('patchwork: a URL, exactly one of --series/--patch and a token unless --dry-run', async () => {
    await expect(patchwork(['--series', '1'], io())).rejects.toThrow(/--url URL/);
    await expect(patchwork(['--url', 'https://pw.example', '--series', '1', '--patch', '2'], io())).rejects.toThrow(/exactly one of --series ID or --patch ID/);
    await expect(patchwork(['--url', 'https://pw.example'], io())).rejects.toThrow(/exactly one/);
    await expect(patchwork(['--url', 'https://pw.example', '--series', '0'], io())).rejects.toThrow(/--series must be a positive integer/);
    await expect(patchwork(['--url', 'https://pw.example', '--series', '1'], io())).rejects.toThrow('pmreview patchwork: no token in $PATCHWORK_TOKEN (set it, or use --dry-run)');
  });

  it('the dry-run text lists body, comments with their place, and the deletions', () => {
    const text = formatPlannedReview({
      headSha: 'abc',
      review: { body: 'BODY', comments: [{ path: 'a.c', line: 3, side: 'RIGHT', body: 'COMMENT', fingerprint: 'f' }] },
      alreadyPosted: 2,
      deleted: [11],
      keptWithReplies: [12],
      dropped: [],
      failed: false,
    });
    expect(text).toBe(
      ['Review on abc (event COMMENT):', '', 'BODY', '', '--- a.c:3 (RIGHT)', 'COMMENT', '', '2 finding(s) already on the pull request.', 'Would delete outdated comment(s): 11', 'Would keep outdated comment(s) with replies: 12', ''].join('\n'),
    );
    expect(formatPlannedReview({ headSha: 'abc', alreadyPosted: 0, deleted: [], keptWithReplies: [], dropped: [], failed: false })).toBe('Nothing new to post.\n');
  });
});
